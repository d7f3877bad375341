using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Tests;

/// <summary>
/// Large sources are committed in chunks; an interrupted run leaves its committed chunks, and the next run over the
/// same content resumes after them and ends with exactly the index an uninterrupted run builds.
/// </summary>
public sealed class ChunkedIndexingTests
{
    private static readonly ChunkLimits SmallChunks = new(50, TimeSpan.FromHours(1));

    /// <summary>
    /// 400 records: new papers, papers listed twice in the file (merged), papers that another source already has
    /// (merged into an existing paper), and a .bib-like key; then a changed second version of the file.
    /// </summary>
    private static string[] Records(int version) =>
    [
        .. Enumerable.Range(0, 400).Select(i => i % 37 == 5
            ? $"{i - 1}||Repeated record {i - 1} of chunked lattice work|2021|Ann Author;Bo Writer|second listing {version}"
            : i % 53 == 7
                ? $"{9000 + i}||Shared paper {i} about lattice chunks|2020|Cy Other|from the big file {version}|shared{i}"
                : $"{i}||Chunked lattice study number {i}|2021|Ann Author|abstract {i} version {version}"),
    ];

    private static string[] OtherSource() =>
    [
        .. Enumerable.Range(0, 400).Where(i => i % 53 == 7).Select(i => $"{9000 + i}||Shared paper {i} about lattice chunks|2020|Cy Other|from the other file"),
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(49)]
    [InlineData(50)]
    [InlineData(51)]
    [InlineData(230)]
    [InlineData(399)]
    public void An_interrupted_run_resumes_and_ends_identical_to_an_uninterrupted_one(int interruptAfter)
    {
        using var t = new TempIndex();
        t.Write("a-other.papers", OtherSource());
        var big = t.Write("big.papers", Records(1));
        var clean = CleanDigest(t);

        using var store = t.Open();
        var interrupted = new PaperIndexer(store, new InterruptingReader(interruptAfter)) { Chunks = SmallChunks };
        Assert.Throws<SimulatedKill>(() => interrupted.Index([t.Corpus]));
        var committedChunks = interruptAfter / 50 * 50;
        var source = store.Sources().SingleOrDefault(s => s.Path == big);
        if (committedChunks == 0)
        {
            Assert.Null(source); // nothing of it was committed: the next run starts it afresh
        }
        else
        {
            Assert.NotNull(source);
            Assert.False(source.Complete);
            Assert.Equal(committedChunks, source.RecordsDone);
        }

        var committedIds = store.AllIds();
        var progress = new List<IndexProgress>();
        var report = new PaperIndexer(store, new LineFormatReader()) { Chunks = SmallChunks }.Index([t.Corpus], progress.Add);
        Assert.Equal(0, report.ProblemCount);
        Assert.Subset(store.AllIds().ToHashSet(), committedIds.ToHashSet());
        Assert.Equal(committedChunks == 0 ? null : committedChunks, progress.SingleOrDefault(p => p.Resumed is not null)?.Resumed);
        Assert.True(store.Sources().All(s => s.Complete));
        Assert.Equal(clean, store.ContentDigest());
    }

    [Fact]
    public void A_changed_file_after_an_interruption_is_read_from_the_start_and_its_stale_papers_are_dropped()
    {
        using var t = new TempIndex();
        t.Write("a-other.papers", OtherSource());
        t.Write("big.papers", Records(1));
        using (var store = t.Open())
        {
            new PaperIndexer(store, new LineFormatReader()) { Chunks = SmallChunks }.Index([t.Corpus]);
        }

        // Version 2 has only the first 300 records; the run over it is interrupted, then the file changes again.
        t.Write("big.papers", Records(2)[..300]);
        using (var store = t.Open())
        {
            Assert.Throws<SimulatedKill>(() => new PaperIndexer(store, new InterruptingReader(120)) { Chunks = SmallChunks }.Index([t.Corpus]));
        }

        t.Write("big.papers", Records(3)[..250]);
        using (var store = t.Open())
        {
            var progress = new List<IndexProgress>();
            new PaperIndexer(store, new LineFormatReader()) { Chunks = SmallChunks }.Index([t.Corpus], progress.Add);
            Assert.DoesNotContain(progress, p => p.Resumed is not null);
            Assert.True(store.Sources().All(s => s.Complete));

            // Paper ids and generated keys depend on history; the papers themselves must be those of a fresh index.
            var fresh = PaperStore.Open(Path.Combine(t.Root, "fresh.db"));
            using (fresh)
            {
                new PaperIndexer(fresh, new LineFormatReader()).Index([t.Corpus]);
                Assert.Equal(Papers(fresh), Papers(store));
            }

            Assert.Null(store.GetByKey("arXiv:2001.00260"));
            Assert.Contains("version 3", store.GetByKey("arXiv:2001.00200")!.Paper.Abstract, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_commit_holds_whole_chunks_and_reports_them()
    {
        using var t = new TempIndex();
        t.Write("big.papers", [.. Enumerable.Range(0, 230).Select(i => $"{i}||Paper {i} on chunk commits|2022|Ann Author|abstract {i}")]);
        using var store = t.Open();
        var committed = new List<(long Reported, int InIndex)>();
        new PaperIndexer(store, new LineFormatReader()) { Chunks = SmallChunks }.Index([t.Corpus], p =>
        {
            if (p.Committed is { } n)
            {
                committed.Add((n, store.Count()));
            }
        });
        Assert.Equal([(50L, 50), (100L, 100), (150L, 150), (200L, 200), (230L, 230)], committed);
    }

    private static List<string> Papers(PaperStore store) =>
        [.. store.AllPapers().Select(p => $"{p.Paper.ArxivId}|{p.Paper.Title}|{p.Paper.Abstract}|{string.Join(';', p.Paper.Authors)}|{store.SourcesOf(p.Id).Count}").Order(StringComparer.Ordinal)];

    private static string CleanDigest(TempIndex t)
    {
        var path = Path.Combine(t.Root, "clean-" + Guid.NewGuid().ToString("N") + ".db");
        using var clean = PaperStore.Open(path);
        new PaperIndexer(clean, new LineFormatReader()) { Chunks = new ChunkLimits(100_000, TimeSpan.FromHours(1)) }.Index([t.Corpus]);
        return clean.ContentDigest();
    }
}
