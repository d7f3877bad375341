using Microsoft.Data.Sqlite;

namespace PaperLsp.Storage.Tests.Faults;

/// <summary>Two PaperStore instances on one file (as two servers in one process would have): one indexes, one reads.</summary>
public sealed class ConcurrentStoresTests
{
    [Fact]
    public async Task A_second_store_reads_whole_chunks_only_while_the_first_indexes()
    {
        using var t = new TempIndex();
        const int files = 3;
        const int perFile = 400;
        const int chunk = 100;
        for (var f = 0; f < files; f++)
        {
            t.Write($"part{f}.papers", Enumerable.Range(0, perFile).Select(i => $"|doi/{f}/{i}|Concurrent indexing of lattice {f} item {i}|2022|Bea Writer|lattice abstract {i}").ToArray());
        }

        using var writerStore = t.Open();
        using var readerStore = PaperStore.Open(t.DbPath);
        // The writer waits at each commit until the reader has looked, so the reader sees every committed state.
        using var committed = new SemaphoreSlim(0);
        using var looked = new SemaphoreSlim(0);
        var writer = Task.Run(() => new PaperIndexer(writerStore, new LineFormatReader()) { Chunks = new ChunkLimits(chunk, TimeSpan.FromHours(1)) }
            .Index([t.Corpus], p =>
            {
                if (p.Committed is not null)
                {
                    committed.Release();
                    looked.Wait();
                }
            }));
        var seen = new List<int>();
        while (await Task.WhenAny(committed.WaitAsync(), writer) != writer)
        {
            var count = readerStore.Count();
            Assert.Equal(0, count % chunk);
            Assert.True(seen.Count == 0 || count > seen[^1], $"count did not grow: {seen.LastOrDefault()} then {count}");
            seen.Add(count);
            Assert.NotEmpty(readerStore.SearchLexical("lattice", 3));
            looked.Release();
        }

        Assert.Equal(0, (await writer).ProblemCount);
        Assert.Equal(files * perFile, readerStore.Count());
        Assert.Equal(Enumerable.Range(1, files * perFile / chunk).Select(n => n * chunk), seen);
    }

    [Fact]
    public async Task Opening_an_index_that_needs_no_migration_does_not_wait_for_a_writer()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|d1|Held open during a long write|2020|Ann|");
        using (var first = t.Open())
        {
            t.Index(first);
        }

        using var writer = new SqliteConnection($"Data Source={t.DbPath};Pooling=False");
        writer.Open();
        using var tx = writer.BeginTransaction(deferred: false);
        using (var cmd = writer.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE papers SET title = 'uncommitted' WHERE id = 1";
            cmd.ExecuteNonQuery();
        }

        // The write lock stays held until the open has finished: an open that needed it would wait 60 s and fail.
        var (note, title) = await Task.Run(() =>
        {
            using var second = PaperStore.Open(t.DbPath);
            return (second.RecoveryNote, second.GetById(1)?.Paper.Title);
        }).WaitAsync(TimeSpan.FromSeconds(30));
        tx.Rollback();
        Assert.Null(note);
        Assert.Equal("Held open during a long write", title);
    }

    [Fact]
    public async Task A_needed_migration_behind_a_writer_says_it_waits_then_upgrades()
    {
        using var source = new TempIndex();
        var file = source.Write("a.papers", "1|d1|Indexed by an older schema|2020|Ann|");
        List<(string, PaperLsp.Ingestion.Model.Paper)> papers;
        using (var first = source.Open())
        {
            source.Index(first);
            papers = first.AllPapers().Select(p => (p.CitationKey, p.Paper)).ToList();
        }

        // Schema 2 (before chunked sources, the vector write counter and the schema 5 layout), as an older paperlsp wrote it.
        using var t = new TempIndex();
        LegacyIndex.Create(t.DbPath, 2, file, papers);
        using var writer = new SqliteConnection($"Data Source={t.DbPath};Pooling=False");
        writer.Open();
        var tx = writer.BeginTransaction(deferred: false);
        using var told = new SemaphoreSlim(0);
        var notices = new List<string>();
        var opening = Task.Run(() =>
        {
            using var store = PaperStore.Open(t.DbPath, notice: n =>
            {
                notices.Add(n);
                told.Release();
            });
            return (store.Info().SchemaVersion, store.Sources().Single().Complete);
        });
        Assert.True(await told.WaitAsync(TimeSpan.FromSeconds(30)), "no notice that the open waits for the writer");
        Assert.False(opening.IsCompleted);
        tx.Rollback();
        tx.Dispose();
        var (version, complete) = await opening.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PaperStore.CurrentSchemaVersion, version);
        Assert.True(complete);
        Assert.Equal(2, notices.Count);
        Assert.Contains("waiting for another process", notices[0], StringComparison.Ordinal);
        Assert.StartsWith("upgrading the index", notices[1], StringComparison.Ordinal);
    }
}
