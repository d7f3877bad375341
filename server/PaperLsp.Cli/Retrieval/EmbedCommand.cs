using System.CommandLine;
using System.Diagnostics;
using PaperLsp.Cli.Catalog;
using PaperLsp.Retrieval;

namespace PaperLsp.Cli.Retrieval;

/// <summary><c>paperlsp embed</c>: computes the vectors of every paper whose vector is missing or stale.</summary>
internal static class EmbedCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var batch = new Option<int>("--batch") { Description = "Papers per committed batch.", DefaultValueFactory = _ => 256 };
        var command = new Command("embed", "Embed the indexed papers with the model (only what changed since the last run).") { batch };
        IndexAndModelAction.Set(command, indexOption, modelRequired: true, (parse, context, store, model) =>
        {
            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            var indexer = new EmbeddingIndexer(store, model!) { BatchSize = Math.Max(1, parse.GetValue(batch)) };
            var embedded = indexer.Run((done, total) =>
            {
                if (done == total || clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
                {
                    lastReport = clock.Elapsed;
                    var rate = done / Math.Max(0.001, clock.Elapsed.TotalSeconds);
                    context.Error.WriteLine($"embedded {done:N0}/{total:N0} ({rate:F0} papers/s)");
                }
            });
            var seconds = clock.Elapsed.TotalSeconds;
            context.Output.WriteLine($"embedded {embedded:N0} papers in {seconds:F1} s ({embedded / Math.Max(0.001, seconds):F1} papers/s) with {model!.Info.Id} on {model.ActiveProvider}");
            return ExitCodes.Ok;
        }, embedsDocuments: true);
        return command;
    }
}
