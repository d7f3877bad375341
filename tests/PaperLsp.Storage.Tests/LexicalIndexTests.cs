using CsCheck;

namespace PaperLsp.Storage.Tests;

/// <summary>The in-memory postings must rank exactly like FTS5's bm25 on the same index, and notice later writes.</summary>
public sealed class LexicalIndexTests
{
    private static readonly string[] Words =
    [
        "language", "models", "modelling", "diffusion", "sparse", "experts", "mixture", "retrieval", "augmented", "generation",
        "graph", "neural", "networks", "reinforcement", "learning", "reward", "policy", "vision", "transformer", "tokens",
        "résumé", "naïve", "Éclair", "running", "runs", "ran", "quantization", "int8", "3d", "agents",
    ];

    private static string[] Corpus(int papers, int seed)
    {
        var random = new Random(seed);
        string Text(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Words[random.Next(Words.Length)]));
        return Enumerable.Range(1, papers)
            .Select(i => $"{i}|doi/{i}|{Text(random.Next(2, 9))}|2020|{Text(2)}|{Text(random.Next(0, 60))}")
            .ToArray();
    }

    [Theory]
    [InlineData(300, 1)]
    [InlineData(2600, 2)] // past the size from which common terms are left out of long queries
    public void In_memory_bm25_ranks_exactly_like_fts5(int papers, int seed)
    {
        using var t = new TempIndex();
        t.Write("a.papers", Corpus(papers, seed));
        using var store = t.Open();
        t.Index(store);
        using var index = LexicalIndex.Build(store);
        Assert.Equal(papers, index.Count);

        var random = new Random(seed + 100);
        for (var q = 0; q < 150; q++)
        {
            var query = string.Join(' ', Enumerable.Range(0, random.Next(1, 30)).Select(_ => Words[random.Next(Words.Length)]));
            var fts = store.SearchLexical(query, 20);
            var memory = index.Search(query, 20);
            Assert.Equal(fts.Count, memory.Count);
            for (var i = 0; i < fts.Count; i++)
            {
                Assert.True(Math.Abs(fts[i].Score - memory[i].Score) < 1e-3 * Math.Max(1, Math.Abs(fts[i].Score)), $"'{query}' #{i}: FTS5 {fts[i].Score} vs in-memory {memory[i].Score}");
            }

            // Same papers in the same order, up to ties (equal scores may come in either order).
            var ftsScores = fts.Select(h => Math.Round(h.Score, 3)).ToList();
            Assert.Equal(ftsScores, memory.Select(h => Math.Round(h.Score, 3)).ToList());
            Assert.Equal(fts.Where((h, i) => IsUnique(ftsScores, i)).Select(h => h.Id), memory.Where((h, i) => IsUnique(ftsScores, i)).Select(h => h.Id));
        }
    }

    private static bool IsUnique(List<double> scores, int i) => scores.Count(s => s == scores[i]) == 1;

    [Fact]
    public void Stemming_and_diacritics_follow_the_index_tokenizer()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|Running experts|2020|Ann|", "2|d2|Résumé parsing|2020|Bob|", "3|d3|Unrelated|2020|Cy|");
        using var store = t.Open();
        t.Index(store);
        using var index = LexicalIndex.Build(store);
        Assert.Equal(1L, Assert.Single(index.Search("runs expert", 5)).Id);
        Assert.Equal(2L, Assert.Single(index.Search("resume", 5)).Id);
        Assert.Empty(index.Search("the of and", 5));
        Assert.Empty(index.Search("zebra", 5));
    }

    [Fact]
    public void A_write_after_the_build_makes_the_snapshot_stale()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|Graph neural networks|2020|Ann|message passing");
        using var store = t.Open();
        t.Index(store);
        using var index = LexicalIndex.Build(store);
        Assert.True(index.IsCurrent(store));
        t.Write("b.papers", "2|d2|Quokka photosynthesis|2021|Bob|");
        t.Index(store);
        Assert.False(index.IsCurrent(store));
        Assert.Empty(index.Search("quokka", 5)); // a snapshot: the caller falls back to FTS5 and rebuilds
        using var rebuilt = LexicalIndex.Build(store);
        Assert.True(rebuilt.IsCurrent(store));
        Assert.Single(rebuilt.Search("quokka", 5));
    }

    [Fact]
    public void Arbitrary_text_never_throws_and_an_empty_index_answers_nothing()
    {
        using var t = new TempIndex();
        using var empty = t.Open();
        using var none = LexicalIndex.Build(empty);
        Assert.Empty(none.Search("graph neural networks", 5));

        t.Write("a.papers", "1|d1|Graph Neural Networks|2020|Ann|message passing", "2|d2|NEAR \"quoted\" OR title|2020|Bob|");
        t.Index(empty);
        using var index = LexicalIndex.Build(empty);
        Assert.NotEmpty(index.Search("\"NEAR(\" OR AND * ^title: {col} -x +", 5));
        Gen.String.Sample(text => { index.Search(text, 5); }, iter: 300);
        Gen.Char.Array[0, 40].Select(chars => new string(chars)).Sample(text => { index.Search(text, 5); }, iter: 300);
    }
}
