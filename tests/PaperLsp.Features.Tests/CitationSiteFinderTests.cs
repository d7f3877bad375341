using PaperLsp.Features.Citations;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

public sealed class CitationSiteFinderTests
{
    /// <summary>Expected: "command|prefix|text replaced|other keys" or "null".</summary>
    [Theory]
    [InlineData(@"as shown \cite{vas$0}", "cite|vas|vas|")]
    [InlineData(@"as shown \cite{vas$0wani2017}", "cite|vas|vaswani2017|")]
    [InlineData(@"as shown \citep{$0}", "citep|||")]
    [InlineData(@"as shown \citep{a, b$0}", "citep|b|b|a")]
    [InlineData(@"as shown \citep{a,  $0}", "citep|||a")]
    [InlineData(@"as shown \citep{a, $0 , c}", "citep|||a,c")]
    [InlineData(@"\citet{a,b$0c,d}", "citet|b|bc|a,d")]
    [InlineData(@"as shown \citep{a, b $0}", "null")]
    [InlineData("\\citep{alpha \n  $0, beta}", "null")]
    [InlineData("\\citep{alpha, $0 beta}", "null")]
    [InlineData(@"\citet*{x$0}", "citet|x|x|")]
    [InlineData(@"\cite[p.~3]{x$0}", "cite|x|x|")]
    [InlineData(@"\cite[see][p.~3]{x$0}", "cite|x|x|")]
    [InlineData(@"\cite[see $0][p.~3]{x}", "null")]
    [InlineData(@"\cite[see][p.$0~3]{x}", "null")]
    [InlineData(@"\cite[see {a]b}][p.~3]{x$0}", "cite|x|x|")]
    [InlineData("\\cite\n  [p.~3]\n  {x$0}", "cite|x|x|")]
    [InlineData("\\citep{alpha,\n  beta$0,\n  gamma}", "citep|beta|beta|alpha,gamma")]
    [InlineData("\\citep{alpha, % first\n  be$0ta}", "citep|be|beta|alpha")]
    [InlineData("\\citep{alpha, % be$0ta\n  gamma}", "null")]
    [InlineData("% \\cite{vas$0}", "null")]
    [InlineData("100\\% sure \\cite{vas$0}", "cite|vas|vas|")]
    [InlineData("\\autocite{k$0}", "autocite|k|k|")]
    [InlineData("\\parencite[12]{k$0}", "parencite|k|k|")]
    [InlineData("\\textcite{k$0}", "textcite|k|k|")]
    [InlineData("\\footcite{k$0}", "footcite|k|k|")]
    [InlineData("\\nocite{k$0}", "nocite|k|k|")]
    [InlineData("\\citealp{k$0}", "citealp|k|k|")]
    [InlineData("\\citealt{k$0}", "citealt|k|k|")]
    [InlineData("\\Cite{k$0}", "Cite|k|k|")]
    [InlineData("\\supercite{k$0}", "supercite|k|k|")]
    [InlineData("\\smartcite{k$0}", "smartcite|k|k|")]
    [InlineData("\\fullcite{k$0}", "fullcite|k|k|")]
    [InlineData("\\citeauthor{k$0}", "citeauthor|k|k|")]
    [InlineData("\\citeyear{k$0}", "citeyear|k|k|")]
    [InlineData("\\cites{a}{b$0}", "cites|b|b|a")]
    [InlineData("\\cites[see][]{a}[p.~2]{b$0}", "cites|b|b|a")]
    [InlineData("\\cites(pre)(post)[see]{a$0}{b}", "cites|a|a|b")]
    [InlineData("\\parencites{a,c}{b$0}", "parencites|b|b|a,c")]
    [InlineData("\\ref{fig$0}", "null")]
    [InlineData("\\citation{x$0}", "null")]
    [InlineData("\\cite{done} and then $0", "null")]
    [InlineData("\\cite{done}$0", "null")]
    [InlineData("\\cite{vas$0 is the best", "cite|vas|vas|")]
    [InlineData("\\cite{vas is the$0 best", "null")]
    [InlineData("\\cite{vas\n\nnew paragraph}$0", "null")]
    [InlineData("\\cite{ab$0", "cite|ab|ab|")]
    [InlineData("\\cite{$0", "cite|||")]
    [InlineData("\\\\cite{x$0}", "null")]
    public void LatexSites(string marked, string expected) => AssertSite(marked, DocumentLanguage.Latex, expected);

    [Theory]
    [InlineData("\\mycite{x$0}", "mycite|x|x|")]
    [InlineData("\\citeblog*[1]{x$0}", "citeblog|x|x|")]
    public void LatexCustomMacros(string marked, string expected) =>
        AssertSite(marked, DocumentLanguage.Latex, expected, ["\\mycite", "citeblog"]);

    [Theory]
    [InlineData("as shown [@vas$0", "[@|vas|vas|")]
    [InlineData("as shown [@vas$0wani]", "[@|vas|vaswani|")]
    [InlineData("as shown [@$0]", "[@|||")]
    [InlineData("see [see @a; @b$0, p. 3] now", "[@|b|b|a")]
    [InlineData("see [see @a; @b, p. 3$0] now", "null")]
    [InlineData("[-@doe$099]", "[@|doe|doe99|")]
    [InlineData("@smith$02004 says", "@|smith|smith2004|")]
    [InlineData("as @$0", "@|||")]
    [InlineData("mail john@exa$0mple.com", "null")]
    [InlineData("code `@ke$0y` here", "null")]
    [InlineData("```\n@ke$0y\n```", "null")]
    [InlineData("end of sentence @doe99$0.", "@|doe99|doe99|")]
    [InlineData("@{weird:key$0}", "@|weird:key|weird:key|")]
    [InlineData("[link @x$0](http://a)", "null")]
    public void MarkdownSites(string marked, string expected) => AssertSite(marked, DocumentLanguage.Markdown, expected);

    [Theory]
    [InlineData("as in @vas$0 we", "@|vas|vas|")]
    [InlineData("as in @vas$0.", "@|vas|vas|")]
    [InlineData("#cite(<vas$0>)", "#cite|vas|vas|")]
    [InlineData("#cite(<vas$0", "#cite|vas|vas|")]
    [InlineData("#cite(<$0", "#cite|||")]
    [InlineData("me@exa$0mple.com", "null")]
    [InlineData("// @vas$0", "null")]
    [InlineData("`@vas$0`", "null")]
    public void TypstSites(string marked, string expected) => AssertSite(marked, DocumentLanguage.Typst, expected);

    [Fact]
    public void PlainTextIsTreatedAsMarkdown() => AssertSite("[@ab$0]", DocumentLanguage.PlainText, "[@|ab|ab|");

    [Theory]
    [InlineData(-1)]
    [InlineData(1000)]
    public void OffsetsOutsideTheTextGiveNoSite(int offset) =>
        Assert.Null(CitationSiteFinder.Find("\\cite{a}", offset, DocumentLanguage.Latex));

    private static void AssertSite(string marked, DocumentLanguage language, string expected, string[]? macros = null)
    {
        var snippet = MarkedText.Parse(marked);
        var site = CitationSiteFinder.Find(snippet.Text, snippet.Cursor, language, macros);
        var actual = site is null
            ? "null"
            : $"{site.CommandName}|{site.Prefix}|{snippet.Text[site.ReplaceStart..site.ReplaceEnd]}|{string.Join(',', site.OtherKeys)}";
        Assert.Equal(expected, actual);
        if (site is not null)
        {
            Assert.InRange(snippet.Cursor, site.ReplaceStart, site.ReplaceEnd);
        }
    }
}
