using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Retrieval;

/// <summary>
/// What <c>paperlsp doctor</c> reports about embeddings: the model folder it would use (or where it looked), the model
/// it holds, the execution provider a session gets and why, the providers this ONNX Runtime offers, and how many of the
/// index's papers have vectors of that model.
/// </summary>
internal static class ModelFacts
{
    public static void AddTo(List<(string Label, string Value)> facts, StoreInfo? index)
    {
        var directory = ModelLocator.FindDefault();
        if (directory is null)
        {
            facts.Add(("model", "none prepared (looked in: " + string.Join(", ", ModelLocator.Candidates()) + "); search is lexical only — run scripts/fetch-model.sh"));
            return;
        }

        facts.Add(("model folder", directory));
        try
        {
            using var embedder = OnnxTextEmbedder.Open(directory, new EmbedderOptions { Provider = ExecutionProviderPreference.Auto });
            facts.Add(("model", $"{embedder.Info.Name} ({embedder.Info.Id}, {embedder.Info.Dimension} dims)"));
            facts.Add(("execution provider", $"{embedder.ExecutionProvider.ActiveProvider} ({embedder.ExecutionProvider.Reason})"));
            facts.Add(("providers available", string.Join(", ", ExecutionProviderSelector.AvailableProviders())));
            if (index is not null)
            {
                var stored = index.Models.FirstOrDefault(m => m.ModelId == embedder.Info.Id);
                facts.Add(("model vectors", stored is null
                    ? $"none for this model yet: 'paperlsp embed' computes them"
                    : $"{stored.VectorCount:N0} of {index.PaperCount:N0} papers"));
            }
        }
        catch (Exception ex) when (ex is ModelFormatException or ExecutionProviderUnavailableException or IOException or ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            facts.Add(("model", $"UNUSABLE in {directory}: {ex.Message}"));
        }
    }
}
