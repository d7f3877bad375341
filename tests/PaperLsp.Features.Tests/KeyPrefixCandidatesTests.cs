using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.TestSupport;

namespace PaperLsp.Features.Tests;

/// <summary>
/// Keys that neither the sentence nor the typed search finds still come up once enough of them is typed: the first keys
/// with the typed prefix (in key order) join the candidates, a bounded number of them per keystroke.
/// </summary>
public sealed class KeyPrefixCandidatesTests
{
    [Theory]
    [InlineData("zhang2024", "zhang2024paper05", true)] // among the first keys with the prefix
    [InlineData("zhang2024", "zhang2024paper27", false)] // too far down the key order for a short prefix
    [InlineData("zhang2024paper2", "zhang2024paper27", true)] // a longer prefix narrows the key order to it
    public void A_key_only_the_key_index_knows_is_offered_once_its_prefix_narrows_to_it(string typed, string key, bool offered)
    {
        var inner = new FakePaperCatalog();
        for (var i = 0; i < 40; i++)
        {
            inner.Add($"zhang2024paper{i:D2}", $"Unrelated study number {i} of coral reefs", year: 2024);
        }

        var text = $"Program repair agents localize faults before patching~\\cite{{{typed}}}.";
        var request = new CompletionRequest(text, text.IndexOf('}', StringComparison.Ordinal), DocumentLanguage.Latex);
        var result = new CitationCompletion(new NoTypedSearchCatalog(inner), new WorkspaceBibliography()).Complete(request);

        Assert.Equal(offered, result.Items.Any(item => item.Label == key));
        Assert.All(result.Items, item => Assert.StartsWith(typed, item.Label, StringComparison.Ordinal));
    }

    /// <summary>A catalog whose searches find nothing: only the key-prefix lookup brings candidates.</summary>
    private sealed class NoTypedSearchCatalog(FakePaperCatalog inner) : ForwardingPaperCatalog(inner)
    {
        public override IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken) => [];
    }
}
