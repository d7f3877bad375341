using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Retrieval;
using PaperLsp.Storage;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests.Features;

/// <summary>
/// A temp index of samples/corpus (the 217 seed papers), built once per test class; embedded with the default model
/// (arctic-embed-xs, copied beside the tests by the build; lexical when it is missing). Also a temp workspace folder per test (see <see cref="NewWorkspace"/>).
/// </summary>
public sealed class SampleIndexFixture : IDisposable
{
    public SampleIndexFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "paperlsp-server-features-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        CorpusFolder = Path.Combine(SharedData.RepoRoot, "samples", "corpus");
        IndexPath = Path.Combine(Folder, "index", "index.db");
        Store = PaperStore.Open(IndexPath);
        var report = new PaperIndexer(Store).Index([CorpusFolder]);
        PaperCount = report.PaperCount;
        if (ModelLocator.FindDefault() is { } model)
        {
            Model = OnnxTextEmbedder.Open(model, new EmbedderOptions { Provider = ExecutionProviderPreference.Cpu });
            new EmbeddingIndexer(Store, Model).Run();
        }

        Catalog = new HybridPaperCatalog(Store, Model);
    }

    public string Folder { get; }

    public string CorpusFolder { get; }

    public string IndexPath { get; }

    public PaperStore Store { get; }

    public OnnxTextEmbedder? Model { get; }

    public HybridPaperCatalog Catalog { get; }

    public int PaperCount { get; }

    /// <summary>The key of the seed paper with this exact title.</summary>
    public string KeyOfTitle(string title) =>
        Store.AllPapers().FirstOrDefault(p => p.Paper.Title == title)?.CitationKey
        ?? throw new InvalidOperationException($"no seed paper titled '{title}'");

    /// <summary>A fresh folder holding the given files (relative path → text).</summary>
    public string NewWorkspace(IReadOnlyDictionary<string, string> files)
    {
        var root = Path.Combine(Folder, "ws-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        return root;
    }

    public void Dispose()
    {
        Model?.Dispose();
        Store.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on some platform: leave the temp folder
        }
    }
}
