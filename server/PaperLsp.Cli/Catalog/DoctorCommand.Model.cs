using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>Doctor's model facts: the default model, the execution provider it runs on and the CUDA build's state.</summary>
internal static partial class DoctorCommand
{
    static partial void AddModelFacts(List<(string Label, string Value)> facts, StoreInfo? index)
    {
        var folder = ModelLocator.FindDefault();
        if (folder is null)
        {
            facts.Add(("model", "none prepared (lexical search only); looked in: " + string.Join(", ", ModelLocator.Candidates().Distinct())));
        }
        else
        {
            facts.Add(("model", folder));
            try
            {
                using var embedder = OnnxTextEmbedder.Open(folder, new EmbedderOptions { Provider = ExecutionProviderPreference.Auto });
                facts.Add(("model id", embedder.Info.Id));
                facts.Add(("execution provider", $"{embedder.ActiveProvider} ({embedder.ExecutionProvider.Reason})"));
            }
            catch (Exception ex) when (ex is ModelFormatException or IOException or ExecutionProviderUnavailableException)
            {
                facts.Add(("model status", "UNUSABLE: " + ex.Message));
            }
        }

        facts.Add(("providers", string.Join(", ", ExecutionProviderSelector.AvailableProviders())));
        facts.Add(("CUDA runtime", ExecutionProviderSelector.CudaRuntimeStatus()));
    }
}
