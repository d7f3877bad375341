using PaperLsp.Embeddings.Models;
using PaperLsp.TestSupport;

namespace PaperLsp.Embeddings.Tests;

/// <summary>The default model prepared by scripts/fetch-model.sh (models/use-lite), shared by the tests that need it.</summary>
internal static class PreparedModel
{
    private static readonly Lazy<OnnxTextEmbedder?> Shared = new(() =>
        ModelLocator.IsPreparedModel(Directory) ? OnnxTextEmbedder.Open(Directory, new EmbedderOptions { IntraOpThreads = 2 }) : null);

    public static string Directory => Path.Combine(SharedData.RepoRoot, "models", "use-lite");

    public static string SourceDirectory => Path.Combine(SharedData.RepoRoot, "models", "use-lite-src");

    public static string RequireDirectory()
    {
        Skip.IfNot(ModelLocator.IsPreparedModel(Directory), "models/use-lite is not prepared (run scripts/fetch-model.sh): test skipped");
        return Directory;
    }

    public static OnnxTextEmbedder RequireEmbedder()
    {
        RequireDirectory();
        return Shared.Value!;
    }
}
