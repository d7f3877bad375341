using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings.Tests;

/// <summary>The default model (arctic-embed-xs, its DLL copied beside the tests by the build), shared by the tests that need it.</summary>
internal static class PreparedModel
{
    private static readonly Lazy<OnnxTextEmbedder?> Shared = new(() =>
        Location is { } location ? OnnxTextEmbedder.Open(location, new EmbedderOptions { IntraOpThreads = 2 }) : null);

    public static ModelLocation? Location => ModelLocator.Resolve(BuiltinModels.Default.Manifest.Name);

    public static ModelLocation RequireLocation()
    {
        Skip.If(Location is null, "the default model's package is not restored (dotnet restore): test skipped");
        return Location!;
    }

    public static OnnxTextEmbedder RequireEmbedder()
    {
        RequireLocation();
        return Shared.Value!;
    }
}
