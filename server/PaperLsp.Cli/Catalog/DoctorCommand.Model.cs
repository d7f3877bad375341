using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>The embedding model's facts for <c>paperlsp doctor</c>: which model, where its file is, how much of the index it has embedded.</summary>
internal static partial class DoctorCommand
{
    static partial void AddModelFacts(List<(string Label, string Value)> facts, StoreInfo? index)
    {
        var location = ModelLocator.FindDefault();
        if (location is null)
        {
            facts.Add(("model", ModelOptions.NotFound(null) + ": papers are ranked lexically"));
        }
        else
        {
            var info = location.Manifest.Info();
            try
            {
                using var embedder = OnnxTextEmbedder.Open(location, new EmbedderOptions { Provider = ExecutionProviderPreference.Auto });
                facts.Add(("execution provider", $"{embedder.ActiveProvider} ({embedder.ExecutionProvider.Reason})"));
            }
            catch (Exception ex) when (ex is ModelFormatException or IOException or ExecutionProviderUnavailableException)
            {
                facts.Add(("model status", "UNUSABLE: " + ex.Message));
            }

            facts.Add(("model", $"{location.Manifest.Name} ({location.Manifest.DisplayName ?? location.Manifest.Name}, {info.Dimension} dims, {location.Manifest.MaxTokens} tokens)"));
            facts.Add(("model file", location.ModelPath));
            if (index is not null)
            {
                var embedded = index.Models.FirstOrDefault(m => m.ModelId == info.Id)?.VectorCount ?? 0;
                facts.Add(("embedded", $"{embedded:N0} of {index.PaperCount:N0} papers with {info.Id}" +
                    (embedded < index.PaperCount ? " (the server embeds the rest in the background; or run 'paperlsp embed')" : "")));
            }
        }

        facts.Add(("execution providers", string.Join(", ", ExecutionProviderSelector.AvailableProviders())));
        facts.Add(("CUDA runtime", ExecutionProviderSelector.CudaRuntimeStatus()));
    }
}
