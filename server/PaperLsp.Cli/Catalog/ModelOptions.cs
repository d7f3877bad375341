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

    /// <summary>True for commands that embed papers: they refuse <c>--precision int8-queries</c> (a query-only model).</summary>
    public bool EmbedsDocuments { get; init; }

    public Option<string> Precision { get; } = new("--precision")
    {
        Description = "Model weights: float32 (as shipped), int8 (MatMul weights quantized on load; vectors get their own model id, suffix -q8) or int8-queries (int8 for query vectors compared with the float32 document vectors; cannot embed documents).",
        DefaultValueFactory = _ => "float32",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Device);
        command.Options.Add(Precision);
    }

    /// <summary>The weight precision named on the command line; throws <see cref="ArgumentException"/> for an unknown one.</summary>
    public static WeightPrecision ParsePrecision(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "float32" or "fp32" => WeightPrecision.Float32,
        "int8" or "q8" => WeightPrecision.Int8,
        "int8-queries" => WeightPrecision.Int8Queries,
        _ => throw new ArgumentException($"unknown --precision '{text}' (float32, int8, int8-queries)"),
    };

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

        if (EmbedsDocuments && string.Equals(parse.GetValue(Precision)?.Trim(), "int8-queries", StringComparison.OrdinalIgnoreCase))
        {
            error.WriteLine("error: --precision int8-queries embeds queries only; embed papers with float32 or int8 (int8 vectors get their own model id)");
            return null;
        }

        try
        {
            var embedder = OnnxTextEmbedder.Open(location, new EmbedderOptions
            {
                Provider = ExecutionProviderSelector.Parse(parse.GetValue(Device)),
                Log = line => error.WriteLine(line),
                Weights = ParsePrecision(parse.GetValue(Precision)),
            });
            error.WriteLine($"model: {embedder.Info.Id} on {embedder.ActiveProvider}, weights {embedder.WeightsDescription}");
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
