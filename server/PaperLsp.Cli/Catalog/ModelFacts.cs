using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>
/// What <c>paperlsp doctor</c> reports about embeddings: the default model and its file (or where it looked), the
/// execution provider a session gets and why, the providers this ONNX Runtime offers, the CUDA build's state, and how
/// many of the index's papers have vectors of that model.
/// </summary>
internal static class ModelFacts
{
    public static void AddTo(List<(string Label, string Value)> facts, StoreInfo? index)
    {
        var location = ModelLocator.FindDefault();
        if (location is null)
        {
            facts.Add(("model", ModelOptions.NotFound(null) + ": papers are ranked lexically"));
        }
        else
        {
            var info = location.Manifest.Info();
            facts.Add(("model", $"{location.Manifest.Name} ({location.Manifest.DisplayName ?? location.Manifest.Name}, {info.Dimension} dims, {location.Manifest.MaxTokens} tokens)"));
            facts.Add(("model file", location.ModelPath));
            try
            {
                using var embedder = OnnxTextEmbedder.Open(location, new EmbedderOptions { Provider = ExecutionProviderPreference.Auto });
                facts.Add(("execution provider", $"{embedder.ActiveProvider} ({embedder.ExecutionProvider.Reason})"));
            }
            catch (Exception ex) when (ex is ModelFormatException or IOException or ExecutionProviderUnavailableException or ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
            {
                facts.Add(("model status", "UNUSABLE: " + ex.Message));
            }

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
