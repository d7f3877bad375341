using System.CommandLine;
using System.Globalization;
using PaperLsp.Cli.Catalog;
using PaperLsp.Fetching;
using Spectre.Console;

namespace PaperLsp.Cli.Fetching;

/// <summary><c>paperlsp sync hf [--from DATE] [--to DATE]</c>: fetches Hugging Face Daily Papers per day and indexes them.</summary>
internal static class SyncCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var from = new Option<string?>("--from") { Description = "First day (yyyy-MM-dd; default: the last synced day, else 6 days before --to)." };
        var to = new Option<string?>("--to") { Description = "Last day (yyyy-MM-dd; default: today, UTC)." };
        var hf = FetchCommands.UrlOption("--hf-url", "the Hugging Face API", FetchOptions.HuggingFaceUrlVariable, new FetchOptions().HuggingFaceUrl);
        var delay = FetchCommands.DelayOption();
        var tries = FetchCommands.TriesOption();
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the summary and problems." };
        var hfCommand = new Command("hf", "Fetch the Hugging Face Daily Papers of each day (politely, conditionally) into the cache beside the index and index them.") { from, to, hf, delay, tries, quiet };
        hfCommand.SetAction(async (parse, cancellationToken) =>
        {
            var context = new CommandContext(parse, indexOption);
            var options = FetchCommands.Options(parse, context.Error, hf, null, null, delay, tries);
            if (options is null || !TryDate(parse.GetValue(from), "--from", context.Error, out var first) || !TryDate(parse.GetValue(to), "--to", context.Error, out var last))
            {
                return ExitCodes.UsageOrNotFound;
            }

            using var store = context.OpenStore(createIfMissing: true);
            if (store is null)
            {
                return ExitCodes.IndexUnusable;
            }

            var end = last ?? DateOnly.FromDateTime(DateTime.UtcNow);
            var start = first ?? (last is null ? HuggingFaceDailySync.DefaultRange(store, end).From : end.AddDays(1 - HuggingFaceDailySync.DefaultDays));
            if (start > end || end.DayNumber - start.DayNumber >= HuggingFaceDailySync.MaxDays)
            {
                context.Error.WriteLine($"error: the range {start:yyyy-MM-dd}..{end:yyyy-MM-dd} is empty or longer than {HuggingFaceDailySync.MaxDays} days");
                return ExitCodes.UsageOrNotFound;
            }

            using var client = new PoliteHttpClient(options);
            var sync = new HuggingFaceDailySync(client, options, ResponseCache.ForIndex(store.Path));
            SyncReport report;
            try
            {
                report = await RunAsync(context, sync, store, start, end, parse.GetValue(quiet), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                context.Error.WriteLine("interrupted: the days fetched so far are indexed");
                return ExitCodes.SomeFilesHadProblems;
            }

            foreach (var problem in report.Problems)
            {
                context.Error.WriteLine("error: " + problem);
            }

            context.Output.WriteLine(Summary(report));
            context.Output.WriteLine($"index: {store.Path}");
            return report.Failed > 0 ? ExitCodes.SomeFilesHadProblems : ExitCodes.Ok;
        });
        return new Command("sync", "Fetch new papers from a service (the only commands besides 'add' that use the network).") { hfCommand };
    }

    private static async Task<SyncReport> RunAsync(CommandContext context, HuggingFaceDailySync sync, Storage.PaperStore store, DateOnly start, DateOnly end, bool quiet, CancellationToken cancellationToken)
    {
        if (context.Interactive && !quiet)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            return await console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("Hugging Face daily papers", maxValue: end.DayNumber - start.DayNumber + 1);
                    return await sync.RunAsync(store, start, end, p =>
                    {
                        task.Value = p.DaysDone;
                        task.Description = Markup.Escape(p.Day is { } day ? $"{day:yyyy-MM-dd} · +{p.PapersAdded} papers" : $"+{p.PapersAdded} papers");
                    }, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }

        return await sync.RunAsync(store, start, end, p =>
        {
            if (!quiet && p.Day is { } day)
            {
                context.Error.WriteLine($"[{p.DaysDone + 1}/{p.DaysTotal}] {day:yyyy-MM-dd} (+{p.PapersAdded} papers so far)");
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string Summary(SyncReport r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Days} day(s) {r.From:yyyy-MM-dd}..{r.To:yyyy-MM-dd}: {r.Downloaded} downloaded ({r.BytesDownloaded / 1024.0:F1} KiB), {r.NotModified} not modified, {r.Failed} failed{(r.Stopped ? " (stopped: service unreachable)" : "")}; "
        + $"papers +{r.PapersAdded} ~{r.PapersUpdated}; {r.PaperCount:N0} papers in the index; synced through {(r.LastSynced is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "(no new day)")}");

    private static bool TryDate(string? text, string name, TextWriter error, out DateOnly? date)
    {
        date = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        error.WriteLine($"error: {name} needs a date like 2026-11-30, got \"{text}\"");
        return false;
    }
}
