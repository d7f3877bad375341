using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Hover;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

public sealed class HoverCardCacheTests
{
    private static WorkspaceBibliography Bibliography()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", TestCorpus.ReferencesBib);
        return bibliography;
    }

    /// <summary>The card as built with no cache at all (what a hover gave before cards were kept).</summary>
    private static string? Fresh(FakePaperCatalog catalog, WorkspaceBibliography bibliography, string key) =>
        new HoverCardBuilder(catalog, bibliography).BuildMarkdown(key);

    [Fact]
    public void AKeptCardIsReusedAndIsTheCardBuildingItAgainGives()
    {
        var catalog = TestCorpus.Catalog();
        var bibliography = Bibliography();
        var cache = new HoverCardCache();
        var builder = new HoverCardBuilder(catalog, bibliography) { Cache = cache };

        var first = builder.BuildMarkdown("snell2024scaling");
        var relatedCalls = catalog.RelatedCalls;
        var again = new HoverCardBuilder(catalog, bibliography) { Cache = cache }.BuildMarkdown("snell2024scaling");

        Assert.Equal(relatedCalls, catalog.RelatedCalls); // the related papers were not looked up again
        Assert.True(cache.Contains(catalog, bibliography, "snell2024scaling"));
        Assert.NotNull(first);
        Assert.Contains("**Related:**", first, StringComparison.Ordinal);
        Assert.Equal(first, again);

        // The hover path (cite command under the cursor) gives the kept card too.
        var snippet = MarkedText.Parse("Scaling \\citep{snell2024sca$0ling}.");
        var hover = builder.Build(snippet.Text, snippet.Cursor, DocumentLanguage.Latex);
        Assert.Equal(relatedCalls, catalog.RelatedCalls);
        Assert.Equal(first, hover!.Markdown);
        Assert.Equal(Fresh(catalog, bibliography, "snell2024scaling"), first);
    }

    [Fact]
    public void ACardFinishedLateForAnOlderCatalogDoesNotDropTheCardsKeptForTheNewOne()
    {
        var older = TestCorpus.Catalog();
        var current = TestCorpus.Catalog();
        var bibliography = Bibliography();
        var cache = new HoverCardCache();

        new HoverCardBuilder(current, bibliography) { Cache = cache }.BuildMarkdown("snell2024scaling");
        new HoverCardBuilder(older, bibliography) { Cache = cache }.BuildMarkdown("lewis2020rag"); // a background build begun before the catalog changed
        new HoverCardBuilder(current, bibliography) { Cache = cache }.BuildMarkdown("vaswani2017attention");

        Assert.True(cache.Contains(current, bibliography, "snell2024scaling"));
        Assert.True(cache.Contains(current, bibliography, "vaswani2017attention"));
        Assert.False(cache.Contains(current, bibliography, "lewis2020rag")); // built for the older catalog only
        var relatedCalls = current.RelatedCalls;
        Assert.Equal(Fresh(TestCorpus.Catalog(), bibliography, "snell2024scaling"), new HoverCardBuilder(current, bibliography) { Cache = cache }.BuildMarkdown("snell2024scaling"));
        Assert.Equal(relatedCalls, current.RelatedCalls); // from the cache
    }

    [Fact]
    public void EveryCitedKeyOfTheTestCorpusGetsTheFreshCardFromTheCache()
    {
        var catalog = TestCorpus.Catalog();
        var bibliography = Bibliography();
        var cache = new HoverCardCache();
        var keys = new[] { "vaswani2017attention", "lewis2020rag", "snell2024scaling", "1706.03762", "nosuchkey2030" };
        foreach (var key in keys)
        {
            new HoverCardBuilder(catalog, bibliography) { Cache = cache }.BuildMarkdown(key);
        }

        Assert.Equal(keys.Length, cache.Count);
        foreach (var key in keys)
        {
            Assert.Equal(Fresh(catalog, bibliography, key), new HoverCardBuilder(catalog, bibliography) { Cache = cache }.BuildMarkdown(key));
        }
    }

    [Fact]
    public void ABibChangeReplacesTheKeptCard()
    {
        var catalog = TestCorpus.Catalog();
        var bibliography = Bibliography();
        var builder = new HoverCardBuilder(catalog, bibliography) { Cache = new HoverCardCache() };
        var before = builder.BuildMarkdown("snell2024scaling")!;
        Assert.EndsWith("from the paper catalog (not in the workspace .bib)", before, StringComparison.Ordinal);

        // The writer's .bib now uses this key for another paper: the card must show that paper.
        bibliography.Update("more.bib", "@article{snell2024scaling, title={A Different Paper About Snails}, author={Snell, Ann}, year={2024}}");
        var after = builder.BuildMarkdown("snell2024scaling")!;

        Assert.NotEqual(before, after);
        Assert.StartsWith("**A Different Paper About Snails**", after, StringComparison.Ordinal);
        Assert.Equal(Fresh(catalog, bibliography, "snell2024scaling"), after);
    }

    [Fact]
    public void AnIndexChangeReplacesTheKeptCardAndTheKeptUnknownKey()
    {
        var catalog = TestCorpus.Catalog();
        var bibliography = Bibliography();
        var builder = new HoverCardBuilder(catalog, bibliography) { Cache = new HoverCardCache() };
        Assert.Null(builder.BuildMarkdown("chen2031snails"));
        var before = builder.BuildMarkdown("snell2024scaling")!;

        catalog.Add("chen2031snails", "Scaling Test-Time Compute for Snails: Optimally Scaling Model Parameters",
            "We study scaling test-time compute and model parameters optimally.", ["Li Chen"], 2031);
        var after = builder.BuildMarkdown("snell2024scaling")!;
        var added = builder.BuildMarkdown("chen2031snails");

        Assert.NotEqual(before, after);
        Assert.Contains("Scaling Test-Time Compute for Snails", after, StringComparison.Ordinal); // now among the related papers
        Assert.Equal(Fresh(catalog, bibliography, "snell2024scaling"), after);
        Assert.NotNull(added);
        Assert.Equal(Fresh(catalog, bibliography, "chen2031snails"), added);
    }

    [Fact]
    public void ACatalogThatCannotTellItsVersionIsNeverCached()
    {
        var catalog = new FakePaperCatalog { Versioned = false }
            .Add("a2024first", "Scaling language models for reasoning", "Scaling language models improves reasoning.")
            .Add("b2024second", "Reasoning with scaled language models", "Language models reason better when scaled.");
        var bibliography = new WorkspaceBibliography();
        var cache = new HoverCardCache();
        var builder = new HoverCardBuilder(catalog, bibliography) { Cache = cache };

        builder.BuildMarkdown("a2024first");
        builder.BuildMarkdown("a2024first");

        Assert.Equal(2, catalog.RelatedCalls);
        Assert.Equal(0, cache.Count);
        Assert.False(cache.Contains(catalog, bibliography, "a2024first"));
    }

    [Fact]
    public void AnotherCatalogSnapshotDoesNotGetTheCardsOfThePreviousOne()
    {
        var bibliography = Bibliography();
        var cache = new HoverCardCache();
        var old = TestCorpus.Catalog();
        new HoverCardBuilder(old, bibliography) { Cache = cache }.BuildMarkdown("snell2024scaling");
        var replacement = TestCorpus.Catalog(); // same content version, another snapshot

        Assert.False(cache.Contains(replacement, bibliography, "snell2024scaling"));
        new HoverCardBuilder(replacement, bibliography) { Cache = cache }.BuildMarkdown("snell2024scaling");
        Assert.Equal(1, replacement.RelatedCalls);
    }
}
