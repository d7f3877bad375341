using PaperLsp.Features.Catalog;
using PaperLsp.Retrieval.Evaluation;
using PaperLsp.Retrieval;
using PaperLsp.TestSupport;

namespace PaperLsp.Retrieval.Tests;

public sealed class HybridPaperCatalogTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private const string LastIterateTitle = "Revisiting the Last-Iterate Convergence of Stochastic Gradient Methods";

    [Fact]
    public void Embedding_sync_embeds_every_paper_once_and_then_nothing()
    {
        Assert.Equal(index.Store.Count(), index.FirstEmbedCount);
        var before = index.Model.Embedded;
        Assert.Equal(0, new EmbeddingIndexer(index.Store, index.Model).Run());
        Assert.Equal(before, index.Model.Embedded);
    }

    [Fact]
    public void Hybrid_catalog_loads_the_vectors_and_finds_the_paper_a_sentence_paraphrases()
    {
        var catalog = new HybridPaperCatalog(index.Store, index.Model);
        Assert.True(catalog.HasVectors);
        Assert.Equal(index.Store.Count(), catalog.VectorCount);
        var hits = catalog.Search(new PaperQuery("last iterate convergence of stochastic gradient descent with heavy tailed noise", Limit: 5), CancellationToken.None);
        Assert.Equal(LastIterateTitle, hits[0].Paper.Paper.Title);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score), "hits are sorted by fused score");
    }

    [Fact]
    public void Compact_vectors_score_like_the_exact_ones_and_find_the_same_related_papers()
    {
        using var exact = new HybridPaperCatalog(index.Store, index.Model, quantized: false);
        using var compact = new HybridPaperCatalog(index.Store, index.Model, quantized: true).WithVectorsLoaded();
        Assert.True(compact.HasVectors);
        Assert.Equal(exact.VectorCount, compact.VectorCount);

        var papers = index.Store.AllPapers().Take(40).ToList();
        var ids = papers.Select(p => p.Id).ToList();
        var context = "last iterate convergence of stochastic gradient descent with heavy tailed noise";
        var exactScores = exact.Similarities(context, ids, CancellationToken.None);
        var compactScores = compact.Similarities(context, ids, CancellationToken.None);
        Assert.Equal(exactScores.Count, compactScores.Count);
        Assert.All(exactScores, kv => Assert.True(Math.Abs(kv.Value - compactScores[kv.Key]) < 0.01, $"{kv.Key}: {kv.Value} vs {compactScores[kv.Key]}"));

        var overlap = 0;
        foreach (var paper in papers.Take(10))
        {
            var truth = exact.Related(paper, 5, CancellationToken.None).Select(h => h.Paper.Id).ToHashSet();
            var found = compact.Related(paper, 5, CancellationToken.None);
            Assert.Equal(5, found.Count);
            Assert.DoesNotContain(found, h => h.Paper.Id == paper.Id);
            overlap += found.Count(h => truth.Contains(h.Paper.Id));
        }

        Assert.True(overlap >= 45, $"related papers shared with the exact ranking: {overlap} of 50");
    }

    [Fact]
    public void Similarities_asked_again_and_for_overlapping_papers_equal_a_fresh_catalogs()
    {
        using var asked = new HybridPaperCatalog(index.Store, index.Model, quantized: true).WithVectorsLoaded();
        var ids = index.Store.AllPapers().Select(p => p.Id).Take(60).ToList();
        const string context = "last iterate convergence of stochastic gradient descent with heavy tailed noise";

        // as typing does: the same sentence against overlapping candidate sets, and another sentence in between
        var first = asked.Similarities(context, ids[..40], CancellationToken.None);
        asked.Similarities("graph neural networks for molecules", ids, CancellationToken.None);
        var again = asked.Similarities(context, ids[20..], CancellationToken.None);

        using var fresh = new HybridPaperCatalog(index.Store, index.Model, quantized: true).WithVectorsLoaded();
        var expected = fresh.Similarities(context, ids, CancellationToken.None);
        Assert.Equal(40, first.Count);
        Assert.Equal(40, again.Count);
        Assert.All(first, kv => Assert.Equal(expected[kv.Key], kv.Value));
        Assert.All(again, kv => Assert.Equal(expected[kv.Key], kv.Value));
    }

    [Fact]
    public void Without_a_model_the_catalog_is_lexical_and_still_answers()
    {
        var catalog = new HybridPaperCatalog(index.Store, null);
        Assert.False(catalog.HasVectors);
        var hits = catalog.Search(new PaperQuery("last-iterate convergence stochastic gradient", Limit: 3), CancellationToken.None);
        Assert.Equal(LastIterateTitle, hits[0].Paper.Paper.Title);
    }

    [Fact]
    public void Vector_only_ranking_uses_the_embeddings()
    {
        var catalog = new HybridPaperCatalog(index.Store, index.Model, RetrievalWeights.VectorOnly);
        var target = index.Store.AllPapers().First(p => p.Paper.Title == LastIterateTitle);
        var hits = catalog.Search(new PaperQuery(target.Paper.Title + ". " + target.Paper.Abstract[..200], Limit: 3), CancellationToken.None);
        Assert.Equal(target.Id, hits[0].Paper.Id);
    }

    [Fact]
    public void The_same_paper_is_found_by_identity_not_by_key()
    {
        var catalog = new HybridPaperCatalog(index.Store, index.Model);
        var target = index.Store.AllPapers().First(p => p.Paper.Title == LastIterateTitle);
        var fromBib = new PaperLsp.Ingestion.Model.Paper
        {
            Title = target.Paper.Title.ToUpperInvariant() + "!",
            BibKey = "somethingelse2020",
            Source = new PaperLsp.Ingestion.Model.PaperSource("refs.bib", PaperLsp.Ingestion.Model.SourceFormat.Bibtex, 1),
        };
        Assert.Equal(target.Id, catalog.FindSamePaper(fromBib)?.Id);
        Assert.Null(catalog.FindSamePaper(fromBib with { ArxivId = "2101.00001", Title = "Unrelated title of some length" }));
    }

    [Fact]
    public void Repeated_queries_are_served_from_the_snapshot_cache()
    {
        var catalog = new HybridPaperCatalog(index.Store, index.Model);
        var query = new PaperQuery("sparse fine-tuning of large language models", Limit: 5);
        var first = catalog.Search(query, CancellationToken.None);
        var embeddedBefore = index.Model.Embedded;
        var second = catalog.Search(query, CancellationToken.None);
        AssertSameAnswer(first, second);
        Assert.Equal(embeddedBefore, index.Model.Embedded);
    }

    [Theory]
    [InlineData("last iterate convergence of stochastic gradient descent with heavy tailed noise")]
    [InlineData("large language models for code generation and program repair")]
    [InlineData("we fine-tune a vision language model with reinforcement learning from human feedback")]
    public void In_memory_lexical_postings_answer_exactly_like_fts5(string context)
    {
        using var fts = new HybridPaperCatalog(index.Store, index.Model, lexical: LexicalIndexing.None);
        using var memory = new HybridPaperCatalog(index.Store, index.Model, lexical: LexicalIndexing.Immediate);
        Assert.False(fts.InMemoryLexicalReady);
        Assert.True(memory.InMemoryLexicalReady);
        var query = new PaperQuery(context, Typed: "li", Limit: 20);
        Assert.Equal(
            fts.Search(query, CancellationToken.None).Select(h => (h.Paper.Id, Math.Round(h.Score, 6))),
            memory.Search(query, CancellationToken.None).Select(h => (h.Paper.Id, Math.Round(h.Score, 6))));
    }

    [Fact]
    public void Typing_a_key_reuses_the_context_ranking_and_only_reranks_by_what_is_typed()
    {
        using var catalog = new HybridPaperCatalog(index.Store, index.Model);
        var key = index.Store.AllPapers().First(p => p.Paper.Title == LastIterateTitle).CitationKey;
        var context = "stochastic gradient methods and their convergence";
        catalog.Search(new PaperQuery(context, Limit: 20), CancellationToken.None);
        var embedded = index.Model.Embedded;
        for (var typed = 1; typed <= 5; typed++)
        {
            var hits = catalog.Search(new PaperQuery(context, Typed: key[..typed], Limit: 20), CancellationToken.None);
            Assert.NotEmpty(hits);
        }

        Assert.Equal(embedded, index.Model.Embedded); // the sentence was embedded once, not per keystroke
        Assert.Equal(key, catalog.Search(new PaperQuery(context, Typed: key, Limit: 20), CancellationToken.None)[0].Paper.CitationKey);
    }

    [Fact]
    public void Completion_while_typing_a_key_embeds_the_sentence_once()
    {
        using var catalog = new HybridPaperCatalog(index.Store, index.Model);
        var completion = new PaperLsp.Features.Completion.CitationCompletion(catalog, new PaperLsp.Features.Bibliography.WorkspaceBibliography());
        var key = index.Store.AllPapers().First(p => p.Paper.Title == LastIterateTitle).CitationKey;
        const string before = "Heavy-tailed noise slows the last iterate of stochastic gradient descent \\cite{other2020key, ";
        var embedded = index.Model.Embedded;
        for (var typed = 0; typed <= 6; typed++)
        {
            var text = before + key[..typed] + "} and more.";
            var result = completion.Complete(new PaperLsp.Features.Completion.CompletionRequest(text, before.Length + typed, PaperLsp.Features.Text.DocumentLanguage.Latex));
            Assert.NotEmpty(result.Items);
        }

        Assert.Equal(embedded + 1, index.Model.Embedded); // the half-typed key is not part of the retrieval query
    }

    [Fact]
    public void Typed_prefix_finds_keys_even_without_context()
    {
        var catalog = new HybridPaperCatalog(index.Store, index.Model);
        var key = index.Store.AllPapers().First(p => p.Paper.Title == LastIterateTitle).CitationKey;
        var hits = catalog.Search(new PaperQuery("", Typed: key[..6], Limit: 10), CancellationToken.None);
        Assert.Contains(hits, h => h.Paper.CitationKey == key);
    }

    [Fact]
    public void Related_papers_exclude_the_paper_itself()
    {
        var catalog = new HybridPaperCatalog(index.Store, index.Model);
        var paper = index.Store.AllPapers().First();
        var related = catalog.Related(paper, 3, CancellationToken.None);
        Assert.Equal(3, related.Count);
        Assert.DoesNotContain(related, r => r.Paper.Id == paper.Id);
    }

    [Fact]
    public void Evaluation_finds_the_answer_and_scores_it()
    {
        var catalog = new HybridPaperCatalog(index.Store, index.Model);
        var queries = new[]
        {
            new EvaluationQuery("last iterate convergence of SGD on unbounded domains", new HashSet<string>(), new HashSet<string> { PaperLsp.Ingestion.Identity.PaperIdentity.TitleKey(LastIterateTitle) }, "t", "t:1"),
            new EvaluationQuery("zebra migration patterns in the serengeti", new HashSet<string>(), new HashSet<string> { "nosuchpaper" }, "t", "t:2"),
        };
        var ranks = RetrievalEvaluator.Ranks(catalog, queries);
        Assert.Equal(1, ranks[0]);
        Assert.Null(ranks[1]);
    }

    [Fact]
    public async Task A_commit_by_another_writer_invalidates_cached_answers()
    {
        using var temp = new TempFolder("paperlsp-cache");
        var indexPath = Path.Combine(temp.Path, "index.db");
        using var reader = PaperLsp.Storage.PaperStore.Open(indexPath);
        using var catalog = new HybridPaperCatalog(reader, null, lexical: LexicalIndexing.Immediate);
        var query = new PaperQuery("quokka photosynthesis", Limit: 5);
        Assert.Empty(catalog.Search(query, CancellationToken.None));
        Assert.Null(catalog.FindByKey("2401.00001"));

        var corpus = Path.Combine(temp.Path, "corpus.jsonl");
        File.WriteAllText(corpus, """{"arxiv_id": "2401.00001", "title": "Quokka photosynthesis at scale", "abstract": "We study quokka photosynthesis.", "authors": ["A. Writer"], "date": "2024-01-01", "source": "test"}""" + "\n");
        using (var writer = PaperLsp.Storage.PaperStore.Open(indexPath))
        {
            new PaperLsp.Storage.PaperIndexer(writer).Index([corpus]);
        }

        Assert.Single(catalog.Search(query, CancellationToken.None)); // the postings file is stale: FTS5 answers
        Assert.NotNull(catalog.FindByKey("2401.00001")); // the cached "unknown" answer belonged to the old data version

        // Meanwhile the postings are rebuilt in the background; once done they answer (and know the new paper).
        await catalog.InMemoryLexicalBuild.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(catalog.InMemoryLexicalReady);
        Assert.Single(catalog.Search(query with { Limit = 4 }, CancellationToken.None));
    }

    [Fact]
    public void Vectors_committed_by_the_embedder_keep_cached_answers_and_a_papers_write_drops_them()
    {
        using var temp = new TempFolder("paperlsp-cache");
        var indexPath = Path.Combine(temp.Path, "index.db");
        var corpus = Path.Combine(temp.Path, "corpus.jsonl");
        File.WriteAllText(corpus, """{"arxiv_id": "2401.00001", "title": "Quokka photosynthesis at scale", "abstract": "We study quokka photosynthesis.", "authors": ["A. Writer"], "date": "2024-01-01", "source": "test"}""" + "\n");
        using (var writer = PaperLsp.Storage.PaperStore.Open(indexPath))
        {
            new PaperLsp.Storage.PaperIndexer(writer).Index([corpus]);
            writer.UpsertModel("m", "m", 3, "sha");
        }

        using var reader = PaperLsp.Storage.PaperStore.Open(indexPath);
        using var catalog = new HybridPaperCatalog(reader, null, lexical: LexicalIndexing.None);
        var query = new PaperQuery("quokka photosynthesis", Limit: 5);
        var first = catalog.Search(query, CancellationToken.None);
        Assert.Single(first);

        // Another connection commits a vector (as the background embedder does every batch): same cached answer.
        using (var embedder = PaperLsp.Storage.PaperStore.Open(indexPath))
        {
            var pending = embedder.PendingEmbeddings("m").Single();
            Assert.Equal(1, embedder.PutVectors("m", [(pending.Id, pending.ContentHash, new[] { 1f, 0f, 0f })]));
        }

        AssertSameAnswer(first, catalog.Search(query, CancellationToken.None));

        // A papers row written by another connection: answered afresh, with the new paper.
        File.AppendAllText(corpus, """{"arxiv_id": "2401.00002", "title": "Quokka photosynthesis revisited", "abstract": "More quokka photosynthesis.", "authors": ["B. Writer"], "date": "2024-02-01", "source": "test"}""" + "\n");
        using (var writer = PaperLsp.Storage.PaperStore.Open(indexPath))
        {
            new PaperLsp.Storage.PaperIndexer(writer).Index([corpus]);
        }

        var after = catalog.Search(query, CancellationToken.None);
        Assert.NotSame(first[0].Paper, after.Single(h => h.Paper.Id == first[0].Paper.Id).Paper); // read again for the new version
        Assert.Equal(2, after.Count);
    }

    [Fact]
    public void The_bibs_papers_asked_again_get_the_same_answer_until_the_index_changes()
    {
        using var temp = new TempFolder("paperlsp-same");
        var indexPath = Path.Combine(temp.Path, "index.db");
        var corpus = Path.Combine(temp.Path, "corpus.jsonl");
        IndexRecord(indexPath, corpus, "2401.00001", "Quokka photosynthesis at scale");
        using var reader = PaperLsp.Storage.PaperStore.Open(indexPath);
        using var catalog = new HybridPaperCatalog(reader, null, lexical: LexicalIndexing.None);
        static PaperLsp.Ingestion.Model.Paper Entry(string key, string title) => new()
        {
            Title = title,
            BibKey = key,
            Source = new PaperLsp.Ingestion.Model.PaperSource("refs.bib", PaperLsp.Ingestion.Model.SourceFormat.Bibtex, 1),
        };
        List<PaperLsp.Ingestion.Model.Paper> bib = [Entry("quokka2024", "Quokka Photosynthesis at Scale"), Entry("wombat2024", "Wombat burrows under the desert night sky")];

        var first = catalog.FindSamePapers(bib);
        Assert.Equal("2401.00001", first[0]?.Paper.ArxivId);
        Assert.Null(first[1]);
        Assert.Same(first, catalog.FindSamePapers([.. bib])); // the same entry objects, another list: the kept answer

        // other entry objects (an edited .bib) are looked up afresh, as are the same ones once the index changed
        var edited = catalog.FindSamePapers([bib[1], bib[0]]);
        Assert.Null(edited[0]);
        Assert.Equal("2401.00001", edited[1]?.Paper.ArxivId);
        IndexRecord(indexPath, corpus, "2401.00002", "Wombat burrows under the desert night sky");
        var after = catalog.FindSamePapers(bib);
        Assert.Equal("2401.00001", after[0]?.Paper.ArxivId);
        Assert.Equal("2401.00002", after[1]?.Paper.ArxivId);
    }

    /// <summary>Adds one paper record to the corpus file and indexes the file (as another writer would).</summary>
    private static void IndexRecord(string indexPath, string corpus, string arxivId, string title)
    {
        File.AppendAllText(corpus, $$"""{"arxiv_id": "{{arxivId}}", "title": "{{title}}", "abstract": "About {{title}}.", "authors": ["A. Writer"], "date": "2024-01-01", "source": "test"}""" + "\n");
        using var writer = PaperLsp.Storage.PaperStore.Open(indexPath);
        new PaperLsp.Storage.PaperIndexer(writer).Index([corpus]);
    }

    /// <summary>The cached answer: the same records (kept by the catalog, not read again) with the same scores, in order.</summary>
    private static void AssertSameAnswer(IReadOnlyList<ScoredPaper> first, IReadOnlyList<ScoredPaper> second)
    {
        Assert.NotEmpty(first);
        Assert.Equal(first.Select(h => (h.Paper.Id, h.Score)), second.Select(h => (h.Paper.Id, h.Score)));
        Assert.All(first.Zip(second), pair => Assert.Same(pair.First.Paper, pair.Second.Paper));
    }
}
