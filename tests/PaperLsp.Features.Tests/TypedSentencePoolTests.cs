using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport;

namespace PaperLsp.Features.Tests;

public sealed class TypedSentencePoolTests
{
    private const string Text = "Recurrent networks with state tracking run fast on accelerators with fused kernels \\cite{z";

    [Fact]
    public void A_typed_prefix_keeps_the_sentences_own_candidate_that_it_fits_when_the_typed_ranking_holds_only_a_slice_of_the_keys()
    {
        var inner = new FakePaperCatalog();
        for (var i = 0; i < 70; i++)
        {
            inner.Add($"zaa2020filler{i:00}", $"Unrelated study number {i} of soil chemistry");
        }

        inner.Add("zhou2024flashrnn", "FlashRNN: recurrent networks with state tracking and fused kernels on accelerators");
        var catalog = new PrefixSliceCatalog(inner);
        var result = new CitationCompletion(catalog, new WorkspaceBibliography())
            .Complete(new CompletionRequest(Text, Text.Length, DocumentLanguage.Latex, Limit: 20));

        Assert.Equal("zhou2024flashrnn", result.Items[0].Label);
        Assert.Contains(catalog.Inner.Queries, q => q.Typed.Length == 0); // the sentence's ranking, asked without the typed text
    }

    /// <summary>
    /// Like a large index: with typed text, search answers only the first keys with that prefix in key order (the
    /// sentence does not reach them); without it, the sentence's ranking.
    /// </summary>
    private sealed class PrefixSliceCatalog(FakePaperCatalog inner) : ForwardingPaperCatalog(inner)
    {
        public FakePaperCatalog Inner => inner;

        public override IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken) =>
            query.Typed.Length > 0
                ? inner.FindByKeyPrefix(query.Typed, query.Limit).Select((p, rank) => new ScoredPaper(p, 1.0 / (1 + rank))).ToList()
                : inner.Search(query, cancellationToken);
    }
}
