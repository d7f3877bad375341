using System.CommandLine;
using PaperLsp.Cli.Catalog;
using PaperLsp.Cli.Retrieval;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;

namespace PaperLsp.Cli;

/// <summary>
/// <c>paperlsp model info [--model NAME|DIR] [--provider auto|cpu|cuda]</c> prints where the model is, its manifest and
/// execution provider; <c>paperlsp model list</c> names the built-in models and where each was found.
/// </summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Inspect the embedding models.");
        command.Subcommands.Add(CreateInfo());
        command.Subcommands.Add(CreateList());
        return command;
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List the built-in models (from NuGet packages) and where each was found.");
        command.SetAction(_ =>
        {
            foreach (var builtin in BuiltinModels.All)
            {
                var location = ModelLocator.Resolve(builtin.Manifest.Name);
                var isDefault = builtin == BuiltinModels.Default ? " (default)" : "";
                Console.WriteLine($"{builtin.Manifest.Name}{isDefault}: {builtin.Manifest.DisplayName}, NuGet {builtin.PackageId} {builtin.PackageVersion}");
                Console.WriteLine("  " + (location is null ? "not found (restore the solution: dotnet restore)" : location.ModelPath));
            }

            return 0;
        });
        return command;
    }

    private static Command CreateInfo()
    {
        var model = new Option<string?>("--model") { Description = ModelOptions.ModelDescription };
        var provider = new Option<string>("--provider") { Description = "Execution provider: auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var command = new Command("info", "Print where the model is, its manifest and the execution provider it would run on.") { model, provider };
        command.SetAction(parse =>
        {
            var requested = parse.GetValue(model);
            var location = ModelLocator.Resolve(requested);
            if (location is null)
            {
                Console.Error.WriteLine("model info: " + ModelOptions.NotFound(requested));
                return 1;
            }

            try
            {
                var preference = ExecutionProviderSelector.Parse(parse.GetValue(provider));
                using var embedder = OnnxTextEmbedder.Open(location, new EmbedderOptions { Provider = preference, VerifyChecksum = true });
                Console.WriteLine($"file: {location.ModelPath}");
                Console.WriteLine($"id: {embedder.Info.Id}");
                Console.WriteLine($"execution provider: {embedder.ActiveProvider} ({embedder.ExecutionProvider.Reason})");
                Console.WriteLine($"available providers: {string.Join(", ", ExecutionProviderSelector.AvailableProviders())}");
                Console.WriteLine($"CUDA runtime: {ExecutionProviderSelector.CudaRuntimeStatus()}");
                Console.WriteLine(embedder.Manifest.ToJson());
                return 0;
            }
            catch (Exception ex) when (ex is ModelFormatException or ExecutionProviderUnavailableException or ArgumentException or IOException)
            {
                Console.Error.WriteLine($"model info: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
