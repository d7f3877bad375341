using System.CommandLine;
using System.Diagnostics;
using PaperLsp.Cli.Catalog;
using PaperLsp.Retrieval;
using PaperLsp.Retrieval.Evaluation;

namespace PaperLsp.Cli.Retrieval;

/// <summary><c>paperlsp embed</c>: computes the vectors of every paper whose vector is missing or stale.</summary>
internal static class EmbedCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var batch = new Option<int>("--batch") { Description = "Papers per committed batch.", DefaultValueFactory = _ => 256 };
        var first = new Option<string[]>("--first") { Description = "Embed first the index papers these .bib files name (matched by arXiv id, DOI or title, as the server does for the workspace .bib).", AllowMultipleArgumentsPerToken = true };
        var max = new Option<int?>("--max") { Description = "Embed at most this many papers in this run (the rest stay pending for the next run, or for the server)." };
        var command = new Command("embed", "Embed the indexed papers with the model (only what changed since the last run).") { batch, first, max };
        IndexAndModelAction.Set(command, indexOption, modelRequired: true, (parse, context, store, model) =>
        {
            var clock = Stopwatch.StartNew();
            var lastReport = TimeSpan.Zero;
            var bibFiles = parse.GetValue(first) ?? [];
            var missing = bibFiles.FirstOrDefault(f => !File.Exists(f));
            if (missing is not null)
            {
                context.Error.WriteLine($"error: no such .bib file: {missing}");
                return ExitCodes.UsageOrNotFound;
            }

            var bibPapers = EvaluationSets.ReadBibPapers(bibFiles);
            var priority = EmbeddingIndexer.PriorityFor(store, bibPapers);
            if (bibFiles.Length > 0)
            {
                context.Error.WriteLine($"{priority.Count:N0} index papers named by {bibPapers.Count:N0} entries of {bibFiles.Length} .bib file(s) come first");
            }

            var indexer = new EmbeddingIndexer(store, model!) { BatchSize = Math.Max(1, parse.GetValue(batch)), PriorityIds = priority, Limit = parse.GetValue(max) };
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
