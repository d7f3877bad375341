using PaperLsp.TestSupport;

namespace PaperLsp.Storage.Tests;

/// <summary>A temporary folder holding source files and an index; deleted on dispose.</summary>
internal sealed class TempIndex : IDisposable
{
    private readonly TempFolder folder = new("paperlsp-storage");

    public TempIndex()
    {
        Directory.CreateDirectory(Corpus);
        DbPath = Path.Combine(Root, "index.db");
    }

    public string Root => folder.Path;

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

    public void Dispose() => folder.Dispose();
}
