using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

public sealed class CitationCompletionTests
{
    [Theory]
    [InlineData("Transformers \\cite{vasw$0}", "vaswani2017attention")]
    [InlineData("Transformers \\cite{attention$0}", "vaswani2017attention")]
    [InlineData("As in \\cite{shazeer$0}", "vaswani2017attention")]
    [InlineData("We evaluate on \\citep{swe$0}", "jimenez2024swebench")]
    [InlineData("Sampling several reasoning paths and voting \\citep{$0}", "wang2023selfconsistency")]
    [InlineData("Allocating more test-time computation at inference \\citep{$0}", "snell2024scaling")]
    [InlineData("\\cite{lew$0}", "lewis2020rag")]
    [InlineData("\\cite{retrieval$0}", "lewis2020rag")]
    public void RanksTheExpectedPaperFirst(string marked, string expectedKey)
    {
        var result = Complete(marked, DocumentLanguage.Latex);
        Assert.NotEmpty(result.Items);
        Assert.Equal(expectedKey, result.Items[0].Label);
    }

    [Fact]
    public void ItemsCarryTheProtocolFields()
    {
        var snippet = MarkedText.Parse("Attention models \\citep{other, vas$0wani}");
        var result = CreateCompletion().Complete(new CompletionRequest(snippet.Text, snippet.Cursor, DocumentLanguage.Latex));

        Assert.True(result.IsIncomplete);
        var first = result.Items[0];
        Assert.Equal("vaswani2017attention", first.Label);
        Assert.Equal("Attention Is All You Need · Vaswani et al. · 2017 · in your .bib as vaswani2017attention", first.Detail);
        Assert.All(result.Items, i => Assert.Equal("vas", i.FilterText));
        Assert.Equal(Enumerable.Range(0, result.Items.Count).Select(i => i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)), result.Items.Select(i => i.SortText));
        Assert.Equal("vaswani", snippet.Text[first.ReplaceStart..first.ReplaceEnd]);
        Assert.Equal("vaswani2017attention", first.Data);
        Assert.True(first.InBibliography);
        Assert.DoesNotContain(result.Items, i => i.Label == "other");
    }

    [Fact]
    public void A_key_cited_earlier_in_the_same_sentence_is_not_suggested_again_before_typing()
    {
        var snippet = MarkedText.Parse("Chain-of-thought prompting elicits reasoning \\cite{wei2022chain}, and sampling several chain of thought reasoning paths and voting \\cite{$0}");
        var request = new CompletionRequest(snippet.Text, snippet.Cursor, DocumentLanguage.Latex);
        var byDefault = CreateCompletion().Complete(request);
        var without = new CitationCompletion(TestCorpus.Catalog(), Bibliography()) { Weights = CompletionWeights.Default with { Again = 0 } }.Complete(request);

        Assert.Equal("wang2023selfconsistency", byDefault.Items[0].Label);
        Assert.Equal(0, byDefault.Items.Single(i => i.Label == "wei2022chain").Score);
        Assert.True(without.Items.Single(i => i.Label == "wei2022chain").Score > 0);

        // typing its key still offers it first
        var typed = MarkedText.Parse(snippet.Text.Replace("\\cite{}", "\\cite{wei$0}", StringComparison.Ordinal));
        Assert.Equal("wei2022chain", CreateCompletion().Complete(new CompletionRequest(typed.Text, typed.Cursor, DocumentLanguage.Latex)).Items[0].Label);
    }

    [Fact]
    public void KeysAlreadyInTheCommandAreNotOfferedAgain()
    {
        var result = Complete("\\cite{wei2022chain, $0}", DocumentLanguage.Latex);
        Assert.DoesNotContain(result.Items, i => i.Label == "wei2022chain");
        Assert.NotEmpty(result.Items);
    }

    [Fact]
    public void EmptyPrefixUsesTheContextAndBoundsTheList()
    {
        var catalog = TestCorpus.Catalog();
        for (var i = 0; i < 80; i++)
        {
            catalog.Add($"filler{i:D2}", $"Reasoning filler paper {i}", "reasoning models");
        }

        var snippet = MarkedText.Parse("Chain-of-thought prompting elicits reasoning in large language models \\cite{$0}.");
        var completion = new CitationCompletion(catalog, Bibliography());
        var result = completion.Complete(new CompletionRequest(snippet.Text, snippet.Cursor, DocumentLanguage.Latex, Limit: 10));
        Assert.Equal(10, result.Items.Count);
        Assert.Equal("wei2022chain", result.Items[0].Label);
        var query = Assert.Single(catalog.Queries);
        Assert.Contains("Chain-of-thought prompting elicits reasoning", query.Context, StringComparison.Ordinal);
        Assert.Equal("", query.Typed);
    }

    [Fact]
    public void KeysAlreadyCitedInTheDocumentAreBoosted()
    {
        var plain = Complete("Something unrelated \\cite{$0}", DocumentLanguage.Latex);
        var cited = Complete("Earlier \\cite{jimenez2024swebench}. Something unrelated \\cite{$0}", DocumentLanguage.Latex);
        var rankPlain = plain.Items.Select(i => i.Label).ToList().IndexOf("jimenez2024swebench");
        var rankCited = cited.Items.Select(i => i.Label).ToList().IndexOf("jimenez2024swebench");
        Assert.True(rankCited >= 0);
        Assert.True(rankPlain < 0 || rankCited < rankPlain, $"cited rank {rankCited}, plain rank {rankPlain}");
    }

    [Theory]
    [InlineData("[@vasw$0]", DocumentLanguage.Markdown)]
    [InlineData("see @vasw$0", DocumentLanguage.Markdown)]
    [InlineData("see @vasw$0", DocumentLanguage.Typst)]
    [InlineData("#cite(<vasw$0", DocumentLanguage.Typst)]
    public void WorksInEverySyntax(string marked, DocumentLanguage language) =>
        Assert.Equal("vaswani2017attention", Complete(marked, language).Items[0].Label);

    [Theory]
    [InlineData("plain text $0")]
    [InlineData("\\cite[p.$0]{x}")]
    [InlineData("% \\cite{$0}")]
    public void NoCompletionOutsideKeySlots(string marked)
    {
        var result = Complete(marked, DocumentLanguage.Latex);
        Assert.Empty(result.Items);
        Assert.Null(result.Site);
    }

    [Fact]
    public void ResolveGivesTheCardMarkdown()
    {
        var completion = CreateCompletion();
        Assert.Contains("**Attention Is All You Need**", completion.Resolve("vaswani2017attention"), StringComparison.Ordinal);
        Assert.Contains("Retrieval-Augmented Generation", completion.Resolve("lewis2020rag"), StringComparison.Ordinal);
        Assert.Null(completion.Resolve("nobody2099"));
    }

    private static WorkspaceBibliography Bibliography()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", TestCorpus.ReferencesBib);
        return bibliography;
    }

    private static CitationCompletion CreateCompletion() => new(TestCorpus.Catalog(), Bibliography());

    private static CompletionResult Complete(string marked, DocumentLanguage language)
    {
        var snippet = MarkedText.Parse(marked);
        return CreateCompletion().Complete(new CompletionRequest(snippet.Text, snippet.Cursor, language));
    }
}
