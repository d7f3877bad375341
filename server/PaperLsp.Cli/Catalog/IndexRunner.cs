using PaperLsp.Storage;
using Spectre.Console;

namespace PaperLsp.Cli.Catalog;

/// <summary>Runs the indexer with a progress bar on a terminal, or plain per-source lines otherwise, and prints the outcome.</summary>
internal static class IndexRunner
{
    public const int MaxProblemLines = 50;

    public static IndexReport Run(CommandContext context, PaperStore store, IReadOnlyList<string> paths, bool quiet, Ingestion.Identity.CitationKeyPattern? keyPattern = null)
    {
        var indexer = new PaperIndexer(store) { KeyPattern = keyPattern, BuildFullTextAside = true };
        IndexReport report;
        if (context.Interactive && !quiet)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            report = console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("scanning", maxValue: 1);
                    return indexer.Index(paths, p =>
                    {
                        task.MaxValue = Math.Max(1, p.SourcesTotal);
                        task.Value = p.SourcesDone;
                        task.Description = Markup.Escape(p.CurrentPath is null
                            ? $"{p.RecordsRead:N0} records"
                            : $"{Path.GetFileName(p.CurrentPath)} · {p.RecordsRead:N0} records");
                    });
                });
        }
        else
        {
            string? last = null;
            report = indexer.Index(paths, p =>
            {
                if (quiet || p.CurrentPath is null)
                {
                    return;
                }

                if (p.CurrentPath != last)
                {
                    last = p.CurrentPath;
                    context.Error.WriteLine($"[{p.SourcesDone + 1}/{p.SourcesTotal}] {p.CurrentPath}");
                }

                if (p.Resumed is { } resumed)
                {
                    context.Error.WriteLine($"  resuming an interrupted run: {resumed:N0} records were already committed");
                }
                else if (p.Committed is { } committed)
                {
                    context.Error.WriteLine($"  committed {committed:N0} records");
                }
            });
        }

        foreach (var problem in report.Problems.Take(MaxProblemLines))
        {
            context.Error.WriteLine($"{problem.Path}:{problem.Line}: {problem.Message}");
        }

        if (report.ProblemCount > MaxProblemLines)
        {
            context.Error.WriteLine($"… and {report.ProblemCount - MaxProblemLines} more problems");
        }

        return report;
    }

    public static void PrintSummary(TextWriter output, IndexReport r) =>
        output.WriteLine(
            $"{r.SourcesFound} source file(s): {r.SourcesIndexed} indexed, {r.SourcesUnchanged} unchanged, {r.SourcesRemoved} removed, {r.SourcesFailed} failed; " +
            $"{r.RecordsRead:N0} records read; papers +{r.PapersAdded} ~{r.PapersUpdated} -{r.PapersRemoved}; {r.PaperCount:N0} papers in the index; " +
            $"{r.ProblemCount} problem(s); {r.Elapsed.TotalSeconds:F1} s");
}
