using System.CommandLine;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;

namespace PaperLsp.Cli.Catalog;

/// <summary>The --model/--device options shared by the commands that embed text, and opening the model they name.</summary>
internal sealed class ModelOptions
{
    public Option<string?> Model { get; } = new("--model")
    {
        Description = "Embedding model folder (default: $PAPERLSP_MODEL, models/use-lite above the program, $XDG_DATA_HOME/paperlsp/models/use-lite).",
    };

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
        var directory = parse.GetValue(Model) ?? ModelLocator.FindDefault();
        if (directory is null)
        {
            error.WriteLine((required ? "error" : "note") + ": no prepared embedding model found (run scripts/fetch-model.sh); " +
                (required ? "cannot continue" : "using lexical search only"));
            return null;
        }

        try
        {
            var embedder = OnnxTextEmbedder.Open(directory, new EmbedderOptions
            {
                Provider = ExecutionProviderSelector.Parse(parse.GetValue(Device)),
                Log = line => error.WriteLine(line),
            });
            error.WriteLine($"model: {embedder.Info.Id} on {embedder.ActiveProvider}");
            return embedder;
        }
        catch (Exception ex) when (ex is ModelFormatException or ExecutionProviderUnavailableException or IOException or ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            error.WriteLine($"error: cannot open the model in {directory}: {ex.Message}");
            return null;
        }
    }
}
