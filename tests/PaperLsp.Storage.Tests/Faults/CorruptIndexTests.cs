using Microsoft.Data.Sqlite;

namespace PaperLsp.Storage.Tests.Faults;

/// <summary>
/// Damaged index files beyond the random/foreign/truncated cases of StoreTests: each is either detected (moved aside,
/// with a note naming the backup, and a fresh index started) or opened intact; never a crash, never a silently
/// broken index.
/// </summary>
public sealed class CorruptIndexTests
{
    public static TheoryData<string, bool> Damages => new()
    {
        // damage, must be detected and moved aside
        { "empty-file", false },
        { "sqlite-header-then-garbage", true },
        { "zeroed-schema-page", true },
        { "garbage-wal-beside-a-good-index", false },
        { "stale-shm-beside-a-good-index", false },
        { "text-file", true },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_index_is_rebuilt_with_a_note_or_opens_intact(string damage, bool mustBeMovedAside)
    {
        using var t = new TempIndex();
        t.Write("a.papers", Enumerable.Range(0, 200).Select(i => $"{i}|doi/{i}|Resilient paper {i} about sparse attention|2021|Ann Author|{new string('y', 300)}").ToArray());
        using (var s = t.Open())
        {
            t.Index(s);
            Assert.Equal(200, s.Count());
        }

        SqliteConnection.ClearAllPools();
        Checkpoint(t.DbPath);
        var good = File.ReadAllBytes(t.DbPath);
        switch (damage)
        {
            case "empty-file":
                File.WriteAllBytes(t.DbPath, []);
                break;
            case "sqlite-header-then-garbage":
                var random = new Random(7);
                var bytes = new byte[good.Length];
                random.NextBytes(bytes);
                good.AsSpan(0, 100).CopyTo(bytes);
                File.WriteAllBytes(t.DbPath, bytes);
                break;
            case "zeroed-schema-page":
                var zeroed = (byte[])good.Clone();
                Array.Clear(zeroed, 100, 4096 - 100);
                File.WriteAllBytes(t.DbPath, zeroed);
                break;
            case "garbage-wal-beside-a-good-index":
                File.WriteAllBytes(t.DbPath + "-wal", Enumerable.Range(0, 50_000).Select(i => (byte)(i * 31 % 253)).ToArray());
                break;
            case "stale-shm-beside-a-good-index":
                File.WriteAllBytes(t.DbPath + "-shm", Enumerable.Range(0, 32_768).Select(i => (byte)(i * 17 % 255)).ToArray());
                break;
            default:
                File.WriteAllText(t.DbPath, "this is not an index, it is a note somebody saved here\n");
                break;
        }

        using var store = t.Open();
        var info = store.Info(fullIntegrityCheck: true);
        Assert.Equal("ok", info.IntegrityCheck);
        if (store.RecoveryNote is { } note)
        {
            Assert.Contains(".corrupt-", note, StringComparison.Ordinal);
            Assert.Contains(t.DbPath, note, StringComparison.Ordinal);
            Assert.Equal(0, store.Count());
            var aside = Assert.Single(Directory.GetFiles(t.Root, "index.db.corrupt-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
            Assert.True(new FileInfo(aside).Length > 0 || damage == "empty-file", "the damaged file was not kept aside for the user");

            // The fresh index is fully usable: indexing again brings every paper back.
            t.Index(store);
            Assert.Equal(200, store.Count());
        }
        else
        {
            Assert.False(mustBeMovedAside, $"{damage}: the damage was not detected");
            // Opened as is: either the intact index or (empty file) a fresh one; in both cases it is consistent and searchable.
            Assert.Equal(damage == "empty-file" ? 0 : 200, store.Count());
            if (damage != "empty-file")
            {
                Assert.NotEmpty(store.SearchLexical("sparse attention", 5));
            }
        }
    }

    private static void Checkpoint(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        cmd.ExecuteNonQuery();
    }
}
