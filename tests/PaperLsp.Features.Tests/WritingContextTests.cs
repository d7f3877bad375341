using PaperLsp.Features.Context;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

public sealed class WritingContextTests
{
    [Theory]
    [InlineData(
        "Intro text here. Transformers rely on \\emph{self-attention} for sequence modelling~\\cite{$0}. Next sentence.",
        "Transformers rely on self-attention for sequence modelling.")]
    [InlineData(
        "We use chain-of-thought prompting % a comment \\cite{x}\n which elicits reasoning \\citep[p.~3]{wei$0}.",
        "We use chain-of-thought prompting which elicits reasoning.")]
    [InlineData(
        "As shown by \\citet{a} and $x^2$ scaling, test-time compute helps.$0",
        "As shown by and scaling, test-time compute helps.")]
    [InlineData(
        "See Fig.~\\ref{fig:x} and et al. (2020) for more on retrieval$0 augmented generation. Other.",
        "See Fig. and et al. (2020) for more on retrieval augmented generation.")]
    [InlineData(
        "\\section{Intro}\nLarge language models reason well \\cite{$0}.\n\nNext paragraph.",
        "Large language models reason well.")]
    [InlineData(
        "Sentence one is here.\n\\begin{equation}\n  a = b\n\\end{equation}\nwhere $a$ is the loss$0.",
        "where is the loss.")]
    public void LatexSentences(string marked, string expectedSentence) =>
        Assert.Equal(expectedSentence, Extract(marked, DocumentLanguage.Latex).Sentence);

    [Theory]
    [InlineData("Short one here \\cite{$0}. Then a longer sentence follows it in this paragraph.", false)]
    [InlineData("Eight words make this sentence its own query \\cite{$0}. Next.", true)]
    public void Related_papers_look_up_the_sentence_when_it_has_eight_words_else_the_paragraph(string marked, bool sentenceAlone)
    {
        var context = Extract(marked, DocumentLanguage.Latex);
        Assert.Equal(sentenceAlone ? context.Sentence : context.Paragraph, context.RelatedQuery);
        Assert.NotEqual(context.Sentence, context.Paragraph);
    }

    [Theory]
    [InlineData("# Title\n\nRetrieval **augmented** models [@lew$0] work well. Next.", "Retrieval augmented models work well.")]
    [InlineData("See [the docs](http://x.y) and `code @k` about transformers @vas$0.", "See the docs and about transformers.")]
    [InlineData("- item about scaling laws [@$0]\n- other item", "item about scaling laws")]
    public void MarkdownSentences(string marked, string expectedSentence) =>
        Assert.Equal(expectedSentence, Extract(marked, DocumentLanguage.Markdown).Sentence);

    [Theory]
    [InlineData("= Intro\nWe study #emph[test-time] scaling @sne$0.", "We study test-time scaling.")]
    [InlineData("Reasoning #cite(<wei$0>) improves. Done.", "Reasoning improves.")]
    public void TypstSentences(string marked, string expectedSentence) =>
        Assert.Equal(expectedSentence, Extract(marked, DocumentLanguage.Typst).Sentence);

    [Fact]
    public void QueryJoinsTextBeforeAndAfterTheCitation()
    {
        var context = Extract("Unrelated first. Prior work \\cite{$0} showed that sparse attention scales to long documents. Later.", DocumentLanguage.Latex);
        Assert.Equal("Prior work", context.TextBefore.Split(". ")[^1]);
        Assert.Equal("showed that sparse attention scales to long documents.", context.TextAfter);
        Assert.Contains("Prior work showed that sparse attention", context.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryHasNoSpaceWhereACitationPrecededPunctuation()
    {
        var context = Extract("Models reason well on complex reasoning tasks~\\cite{a,$0 b}, but assume well-posed queries.", DocumentLanguage.Latex);
        Assert.Equal("Models reason well on complex reasoning tasks, but assume well-posed queries.", context.Query);
    }

    [Fact]
    public void ShortBeforeTextPullsInThePreviousSentence()
    {
        var context = Extract("Test-time compute is a new axis of scaling. Indeed \\cite{$0}.", DocumentLanguage.Latex);
        Assert.Equal("Test-time compute is a new axis of scaling. Indeed", context.TextBefore);
    }

    [Fact]
    public void QueryIsBounded()
    {
        var longSentence = string.Join(' ', Enumerable.Repeat("word", 2000));
        var marked = longSentence + " \\cite{$0} " + longSentence + ".";
        var context = Extract(marked, DocumentLanguage.Latex, maxQueryChars: 300);
        Assert.InRange(context.Query.Length, 100, 300);
    }

    [Fact]
    public void SentenceBoundsPointIntoTheSource()
    {
        var snippet = MarkedText.Parse("First one. Second \\emph{one} here\\cite{$0}. Third.");
        var context = WritingContextExtractor.Extract(snippet.Text, snippet.Cursor, DocumentLanguage.Latex);
        Assert.Equal("Second \\emph{one} here\\cite{}.", snippet.Text[context.SentenceStart..context.SentenceEnd]);
    }

    [Fact]
    public void EmptyAndOutOfRangeInputsDoNotThrow()
    {
        Assert.Equal("", WritingContextExtractor.Extract("", 0, DocumentLanguage.Latex).Sentence);
        Assert.Equal("Hello.", WritingContextExtractor.Extract("Hello.", 99, DocumentLanguage.Markdown).Sentence);
        Assert.Equal("", WritingContextExtractor.Extract("\\cite{", 3, DocumentLanguage.Latex).Query);
    }

    private static WritingContext Extract(string marked, DocumentLanguage language, int maxQueryChars = WritingContextExtractor.DefaultMaxQueryChars)
    {
        var snippet = MarkedText.Parse(marked);
        return WritingContextExtractor.Extract(snippet.Text, snippet.Cursor, language, null, maxQueryChars);
    }
}
