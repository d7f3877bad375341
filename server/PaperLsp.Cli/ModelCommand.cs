using System.CommandLine;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Embeddings.UseLite;

namespace PaperLsp.Cli;

/// <summary>
/// <c>paperlsp model prepare --from DIR --out DIR</c> converts the USE-Lite npm package into a model folder;
/// <c>paperlsp model info [--model DIR] [--provider auto|cpu|cuda]</c> prints a model's manifest and execution provider.
/// </summary>
internal static class ModelCommand
{
    public static Command Create()
    {
        var command = new Command("model", "Prepare or inspect the embedding model.");
        command.Subcommands.Add(CreatePrepare());
        command.Subcommands.Add(CreateInfo());
        return command;
    }

    private static Command CreatePrepare()
    {
        var from = new Option<string>("--from") { Description = $"Folder of the extracted {UseLiteModelPreparer.PackageName}@{UseLiteModelPreparer.PackageVersion} package (or its dist/).", Required = true };
        var output = new Option<string>("--out") { Description = "Model folder to write (model.onnx, vocab.json, model.json).", Required = true };
        var force = new Option<bool>("--force") { Description = "Convert again even when the folder is already prepared and verified." };
        var command = new Command("prepare", "Convert the Universal Sentence Encoder Lite TF.js package into an ONNX model folder.") { from, output, force };
        command.SetAction(parse =>
        {
            try
            {
                var result = UseLiteModelPreparer.Prepare(
                    parse.GetRequiredValue(from),
                    parse.GetRequiredValue(output),
                    parse.GetValue(force),
                    line => Console.Error.WriteLine(line));
                Console.WriteLine($"{result.OutputDirectory}: {result.Message}");
                return 0;
            }
            catch (Exception ex) when (ex is ModelFormatException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"model prepare: {ex.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command CreateInfo()
    {
        var model = new Option<string?>("--model") { Description = "Model folder; default: $PAPERLSP_MODEL, models/use-lite above the program, or $XDG_DATA_HOME/paperlsp/models/use-lite." };
        var provider = new Option<string>("--provider") { Description = "Execution provider: auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var command = new Command("info", "Print the model manifest and the execution provider it would run on.") { model, provider };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(model) ?? ModelLocator.FindDefault();
            if (directory is null)
            {
                Console.Error.WriteLine("model info: no prepared model found (looked in: " + string.Join(", ", ModelLocator.Candidates().Distinct()) + "); run scripts/fetch-model.sh");
                return 1;
            }

            try
            {
                var preference = ExecutionProviderSelector.Parse(parse.GetValue(provider));
                using var embedder = OnnxTextEmbedder.Open(directory, new EmbedderOptions { Provider = preference, VerifyChecksum = true });
                Console.WriteLine($"folder: {Path.GetFullPath(directory)}");
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
