using PaperLsp.Features.Editing;
using PaperLsp.Features.Actions;
using PaperLsp.Features.Context;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

public sealed class CitationInsertionTests
{
    /// <summary>The citation for key "new" goes at the end of the sentence under the cursor.</summary>
    [Theory]
    [InlineData("We use attention$0. Next.", "\\cite", "We use attention~\\cite{new}. Next.")]
    [InlineData("We use attention$0. Next.", "\\citep", "We use attention~\\citep{new}. Next.")]
    [InlineData("We use attention$0 \\citep{old}. Next.", "\\citep", "We use attention \\citep{old,new}. Next.")]
    [InlineData("We use attention$0~\\cite[p.~2]{a, b}.", "\\cite", "We use attention~\\cite[p.~2]{a, b,new}.")]
    [InlineData("Is it attention$0?! Yes.", "\\cite", "Is it attention~\\cite{new}?! Yes.")]
    [InlineData("He said ``attention wins.''$0 Then.", "\\cite", "He said ``attention wins~\\cite{new}.'' Then.")]
    [InlineData("No final punctuation$0", "\\cite", "No final punctuation~\\cite{new}")]
    [InlineData("Multi \\cites{a}{b}$0.", "\\cite", "Multi \\cites{a}{b}{new}.")]
    [InlineData("Only \\nocite{a}$0.", "\\cite", "Only \\nocite{a}~\\cite{new}.")]
    public void Latex(string marked, string command, string expected) => AssertInsertion(marked, DocumentLanguage.Latex, command, expected);

    [Theory]
    [InlineData("We use attention$0. Next.", "We use attention [@new]. Next.")]
    [InlineData("We use attention [@old]$0. Next.", "We use attention [@old; @new]. Next.")]
    [InlineData("As @old$0 says.", "As @old says [@new].")]
    public void Markdown(string marked, string expected) => AssertInsertion(marked, DocumentLanguage.Markdown, "\\cite", expected);

    [Theory]
    [InlineData("We use attention$0. Next.", "We use attention @new. Next.")]
    [InlineData("We use attention @old$0.", "We use attention @old @new.")]
    [InlineData("We use attention #cite(<old>)$0.", "We use attention #cite(<old>) @new.")]
    public void Typst(string marked, string expected) => AssertInsertion(marked, DocumentLanguage.Typst, "\\cite", expected);

    [Theory]
    [InlineData("", "@misc{new}", "@misc{new}\n")]
    [InlineData("@misc{a}", "@misc{new}", "@misc{a}\n\n@misc{new}\n")]
    [InlineData("@misc{a}\n", "@misc{new}", "@misc{a}\n\n@misc{new}\n")]
    [InlineData("@misc{a}\n\n", "@misc{new}", "@misc{a}\n\n@misc{new}\n")]
    [InlineData("@misc{a}\r\n", "@misc{new,\n x={1}}", "@misc{a}\r\n\r\n@misc{new,\r\n x={1}}\r\n")]
    [InlineData("@misc{a}\r\n%é", "@misc{new}", "@misc{a}\r\n%é\r\n\r\n@misc{new}\r\n")]
    public void BibAppend(string bib, string entry, string expected)
    {
        var edit = CitationInsertion.AppendBibEntry(bib, entry);
        Assert.True(edit.IsInsertion);
        Assert.Equal(expected, TextEdit.Apply(bib, [edit]));
    }

    private static void AssertInsertion(string marked, DocumentLanguage language, string command, string expected)
    {
        var snippet = MarkedText.Parse(marked);
        var context = WritingContextExtractor.Extract(snippet.Text, snippet.Cursor, language);
        var edit = CitationInsertion.CiteAtSentenceEnd(snippet.Text, language, context.SentenceStart, context.SentenceEnd, "new", command);
        Assert.True(edit.IsInsertion);
        Assert.Equal(expected, TextEdit.Apply(snippet.Text, [edit]));
    }
}
