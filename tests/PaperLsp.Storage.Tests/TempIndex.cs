using Microsoft.Data.Sqlite;

namespace PaperLsp.Storage.Tests;

/// <summary>A temporary folder holding source files and an index; deleted on dispose.</summary>
internal sealed class TempIndex : IDisposable
{
    public TempIndex()
    {
        Root = Path.Combine(Path.GetTempPath(), "paperlsp-storage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "corpus"));
        DbPath = Path.Combine(Root, "index.db");
    }

    public string Root { get; }

    public string Corpus => Path.Combine(Root, "corpus");

    public string DbPath { get; }

    public string Write(string relative, params string[] lines)
    {
        var path = Path.Combine(Corpus, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var existed = File.Exists(path);
        var before = existed ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        File.WriteAllLines(path, lines);
        if (existed && File.GetLastWriteTimeUtc(path) == before)
        {
            File.SetLastWriteTimeUtc(path, before.AddSeconds(1));
        }

        return path;
    }

    public PaperStore Open() => PaperStore.Open(DbPath);

    public IndexReport Index(PaperStore store, params string[] paths) =>
        new PaperIndexer(store, new LineFormatReader()).Index(paths.Length == 0 ? [Corpus] : paths);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
