using System.CommandLine;

namespace PaperLsp.Cli.Catalog;

/// <summary><c>paperlsp index &lt;paths…&gt;</c>: adds files and folders to the index, incrementally.</summary>
internal static class IndexCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders (searched recursively) of papers: HF listings/HTML/JSON, arXiv Atom, BibTeX, CSL-JSON, papers JSONL (.gz too).", Arity = ArgumentArity.OneOrMore };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the summary and problems." };
        var keyPattern = new Option<string?>("--key-pattern")
        {
            Description = "Citation key pattern for papers without a .bib key, e.g. \"[auth][year?][shorttitle:1?] | [shorttitle:3][year?]\" " +
                "(default: $PAPERLSP_KEY_PATTERN, else the pattern the index remembers, else that one). A new pattern re-keys the index's " +
                "generated keys once and is remembered; .bib keys never change.",
        };
        var command = new Command("index", "Index paper files and folders (unchanged files are skipped, vanished ones removed).") { paths, quiet, keyPattern };
        command.SetAction(parse =>
        {
            var context = new CommandContext(parse, indexOption);
            var given = parse.GetValue(paths) ?? [];
            if (IndexPaths.Problem(given) is { } usage)
            {
                context.Error.WriteLine("error: " + usage);
                return ExitCodes.UsageOrNotFound;
            }

            var patternText = parse.GetValue(keyPattern) ?? Environment.GetEnvironmentVariable("PAPERLSP_KEY_PATTERN");
            Ingestion.Identity.CitationKeyPattern? pattern = null;
            if (!string.IsNullOrWhiteSpace(patternText) && !Ingestion.Identity.CitationKeyPattern.TryParse(patternText, out pattern, out var patternError))
            {
                context.Error.WriteLine("error: " + patternError);
                return ExitCodes.UsageOrNotFound;
            }

            using var store = context.OpenStore(createIfMissing: true);
            if (store is null)
            {
                return ExitCodes.IndexUnusable;
            }

            var report = IndexRunner.Run(context, store, given, parse.GetValue(quiet), pattern);
            if (report.KeysChanged > 0)
            {
                context.Output.WriteLine($"citation key pattern {pattern!.Text}: {report.KeysChanged:N0} key(s) changed (keys from .bib files kept)");
            }

            IndexRunner.PrintSummary(context.Output, report);
            context.Output.WriteLine($"index: {store.Path}");
            return report.ProblemCount > 0 ? ExitCodes.SomeFilesHadProblems : ExitCodes.Ok;
        });
        return command;
    }
}
