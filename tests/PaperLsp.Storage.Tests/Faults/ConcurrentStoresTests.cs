using Microsoft.Data.Sqlite;

namespace PaperLsp.Storage.Tests.Faults;

/// <summary>Two PaperStore instances on one file (as two servers in one process would have): one indexes, one reads.</summary>
public sealed class ConcurrentStoresTests
{
    [Fact]
    public async Task A_second_store_reads_whole_sources_only_while_the_first_indexes()
    {
        using var t = new TempIndex();
        const int files = 6;
        const int perFile = 400;
        for (var f = 0; f < files; f++)
        {
            t.Write($"part{f}.papers", Enumerable.Range(0, perFile).Select(i => $"|doi/{f}/{i}|Concurrent indexing of lattice {f} item {i}|2022|Bea Writer|lattice abstract {i}").ToArray());
        }

        using var writerStore = t.Open();
        using var readerStore = PaperStore.Open(t.DbPath);
        var writer = Task.Run(() => t.Index(writerStore));
        var seen = new List<int>();
        while (!writer.IsCompleted)
        {
            var count = readerStore.Count();
            var previous = seen.Count == 0 ? 0 : seen[^1];
            Assert.True(count >= previous, $"count went backwards: {previous} then {count}");
            Assert.Equal(0, count % perFile);
            seen.Add(count);
            var hits = readerStore.SearchLexical("lattice", 3);
            Assert.True(count == 0 || hits.Count > 0, "committed papers are not searchable from the second store");
        }

        Assert.Equal(0, (await writer).ProblemCount);
        Assert.Equal(files * perFile, readerStore.Count());
        Assert.NotEmpty(seen);
    }

    [Fact]
    public async Task Opening_a_store_while_another_connection_holds_a_write_transaction_neither_fails_nor_moves_the_index_aside()
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

        var opened = Task.Run(() =>
        {
            using var second = PaperStore.Open(t.DbPath);
            return (second.RecoveryNote, second.GetById(1)?.Paper.Title);
        });
        await Task.Delay(300);
        tx.Rollback();
        var (note, title) = await opened.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Null(note);
        Assert.Equal("Held open during a long write", title);
    }
}
