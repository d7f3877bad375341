using System.CommandLine;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;

namespace PaperLsp.Cli.Catalog;

/// <summary>The --model/--device options shared by the commands that embed text, and opening the model they name.</summary>
internal sealed class ModelOptions
{
    public const string ModelDescription =
        "Embedding model: a built-in name (arctic-embed-xs, minilm) or a model folder with a model.json; default: $PAPERLSP_MODEL, else arctic-embed-xs.";

    public Option<string?> Model { get; } = new("--model") { Description = ModelDescription };

    public Option<string> Device { get; } = new("--device")
    {
        Description = "Execution provider: auto (CUDA when available, else CPU), cpu or cuda.",
        DefaultValueFactory = _ => "auto",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Device);
    }

    /// <summary>Opens the model, or returns null after saying why on <paramref name="error"/>.</summary>
    public OnnxTextEmbedder? Open(ParseResult parse, TextWriter error, bool required)
    {
        var requested = parse.GetValue(Model);
        var location = ModelLocator.Resolve(requested);
        if (location is null)
        {
            error.WriteLine((required ? "error" : "note") + ": " + NotFound(requested) + "; " + (required ? "cannot continue" : "using lexical search only"));
            return null;
        }

        try
        {
            var embedder = OnnxTextEmbedder.Open(location, new EmbedderOptions
            {
                Provider = ExecutionProviderSelector.Parse(parse.GetValue(Device)),
                Log = line => error.WriteLine(line),
            });
            error.WriteLine($"model: {embedder.Info.Id} on {embedder.ActiveProvider}");
            return embedder;
        }
        catch (Exception ex) when (ex is ModelFormatException or ExecutionProviderUnavailableException or IOException or ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            error.WriteLine($"error: cannot open the model {location.ModelPath}: {ex.Message}");
            return null;
        }
    }

    /// <summary>Why no model was found, and where the search looked.</summary>
    public static string NotFound(string? requested) =>
        $"embedding model '{requested ?? Environment.GetEnvironmentVariable(ModelLocator.ModelEnvironmentVariable) ?? ModelLocator.DefaultModelName}' not found " +
        $"(looked in: {string.Join(", ", ModelLocator.Candidates(requested).Distinct())}; a built-in model comes with 'dotnet restore')";
}
