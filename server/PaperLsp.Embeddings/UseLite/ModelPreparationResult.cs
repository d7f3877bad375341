using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings.UseLite;

/// <summary>What <see cref="UseLiteModelPreparer.Prepare"/> did: the manifest written (or found), and whether it converted.</summary>
public sealed record ModelPreparationResult(string OutputDirectory, ModelManifest Manifest, bool Converted, string Message);
