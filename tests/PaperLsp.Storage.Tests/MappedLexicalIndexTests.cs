using CsCheck;

namespace PaperLsp.Storage.Tests;

/// <summary>The memory-mapped postings file must rank exactly like the in-memory postings, and know when it is stale.</summary>
public sealed class MappedLexicalIndexTests
{
    private static readonly string[] Words =
    [
        "language", "models", "modelling", "diffusion", "sparse", "experts", "mixture", "retrieval", "augmented", "generation",
        "graph", "neural", "networks", "reinforcement", "learning", "reward", "policy", "vision", "transformer", "tokens",
        "résumé", "naïve", "Éclair", "running", "runs", "ran", "quantization", "int8", "3d", "agents", "日本語", "ﬁne",
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
    [InlineData(2600, 2)]
    public void Mapped_postings_rank_exactly_like_the_in_memory_postings(int papers, int seed)
    {
        using var t = new TempIndex();
        t.Write("a.papers", Corpus(papers, seed));
        using var store = t.Open();
        t.Index(store);
        var path = LexicalPostingsFile.PathFor(store.Path);
        LexicalPostingsFile.Write(store, path);
        using var memory = LexicalIndex.Build(store);
        using var mapped = MappedLexicalIndex.OpenIfCurrent(store);
        Assert.NotNull(mapped);
        Assert.Equal(papers, mapped.Count);
        Assert.Equal(memory.TermCount, mapped.TermCount);

        var random = new Random(seed + 100);
        for (var q = 0; q < 150; q++)
        {
            var query = string.Join(' ', Enumerable.Range(0, random.Next(1, 30)).Select(_ => Words[random.Next(Words.Length)]));
            Assert.Equal(memory.Search(query, 20), mapped.Search(query, 20));
        }

        foreach (var word in Words)
        {
            Assert.Equal(memory.DocumentFrequency(word.ToLowerInvariant()), mapped.DocumentFrequency(word.ToLowerInvariant()));
        }
    }

    [Theory]
    [InlineData(3000, 5, 20)]
    [InlineData(3000, 6, 200)]
    [InlineData(2500, 7, 1)]
    public void Common_terms_score_only_the_papers_that_can_still_reach_the_top_with_the_same_answer(int papers, int seed, int limit)
    {
        // A Zipf-like vocabulary: a few words in a quarter of the papers (kept by the query rules), many rare ones. Once
        // the rare words of a query have scored enough papers, the common words' postings of the other papers are skipped.
        var vocabulary = Enumerable.Range(0, 400).Select(i => "w" + ToLetters(i)).ToArray();
        var random = new Random(seed);
        string Word() => vocabulary[(int)Math.Min(vocabulary.Length - 1, Math.Floor(Math.Pow(vocabulary.Length, random.NextDouble())) - 1)];
        string Text(int count) => string.Join(' ', Enumerable.Range(0, count).Select(_ => Word()));
        using var t = new TempIndex();
        t.Write("a.papers", Enumerable.Range(1, papers).Select(i => $"{i}|doi/{i}|{Text(random.Next(2, 9))}|2020|{Text(2)}|{Text(random.Next(0, 40))}").ToArray());
        using var store = t.Open();
        t.Index(store);
        LexicalPostingsFile.Write(store, LexicalPostingsFile.PathFor(store.Path));
        using var memory = LexicalIndex.Build(store);
        using var mapped = MappedLexicalIndex.OpenIfCurrent(store)!;

        for (var q = 0; q < 200; q++)
        {
            var query = Text(random.Next(1, 30));
            Assert.Equal(memory.Search(query, limit), mapped.Search(query, limit));
        }

        Assert.True(mapped.PostingsNotScored > 0, "no search skipped the postings of papers that could not reach the top");
    }

    private static string ToLetters(int i) => i < 26 ? ((char)('a' + i)).ToString() : ToLetters((i / 26) - 1) + (char)('a' + (i % 26));

    [Fact]
    public void A_write_after_the_file_makes_it_stale_and_a_missing_or_damaged_file_is_not_opened()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|Graph neural networks|2020|Ann|message passing");
        using var store = t.Open();
        t.Index(store);
        var path = LexicalPostingsFile.PathFor(store.Path);
        Assert.Null(MappedLexicalIndex.OpenIfCurrent(store));

        LexicalPostingsFile.Write(store, path);
        using (var mapped = MappedLexicalIndex.OpenIfCurrent(store))
        {
            Assert.NotNull(mapped);
            Assert.Equal(1L, Assert.Single(mapped.Search("graph", 5)).Id);
        }

        t.Write("b.papers", "2|d2|Quokka photosynthesis|2021|Bob|");
        t.Index(store);
        Assert.Null(MappedLexicalIndex.OpenIfCurrent(store));
        using (var stale = MappedLexicalIndex.Open(path))
        {
            Assert.False(stale.IsCurrent(store));
            Assert.Empty(stale.Search("quokka", 5));
        }

        LexicalPostingsFile.Write(store, path);
        using (var fresh = MappedLexicalIndex.OpenIfCurrent(store))
        {
            Assert.NotNull(fresh);
            Assert.Equal(2L, Assert.Single(fresh.Search("quokka", 5)).Id);
        }

        File.WriteAllBytes(path, File.ReadAllBytes(path)[..200]);
        Assert.Null(MappedLexicalIndex.OpenIfCurrent(store));
        File.WriteAllBytes(path, new byte[300]);
        Assert.Null(MappedLexicalIndex.OpenIfCurrent(store));
    }

    [Fact]
    public void A_disposed_index_refuses_searches_instead_of_reading_unmapped_memory()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|Graph neural networks|2020|Ann|message passing");
        using var store = t.Open();
        t.Index(store);
        LexicalPostingsFile.Write(store, LexicalPostingsFile.PathFor(store.Path));
        var mapped = MappedLexicalIndex.OpenIfCurrent(store)!;
        mapped.Dispose();
        Assert.Throws<ObjectDisposedException>(() => mapped.Search("graph", 5));
    }

    [Fact]
    public void Arbitrary_text_never_throws()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|Graph Neural Networks|2020|Ann|message passing", "2|d2|NEAR \"quoted\" OR title|2020|Bob|");
        using var store = t.Open();
        t.Index(store);
        LexicalPostingsFile.Write(store, LexicalPostingsFile.PathFor(store.Path));
        using var index = MappedLexicalIndex.OpenIfCurrent(store)!;
        Assert.NotEmpty(index.Search("\"NEAR(\" OR AND * ^title: {col} -x +", 5));
        Gen.String.Sample(text => { index.Search(text, 5); }, iter: 300);
    }
}
