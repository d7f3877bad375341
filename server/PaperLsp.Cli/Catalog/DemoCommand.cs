using System.CommandLine;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>
/// <c>paperlsp demo [--corpus DIR] [--query TEXT]</c>: indexes the embedded sample corpus (samples/corpus) into a
/// temporary index (or the one given with --index), searches for a sample sentence and prints what it found.
/// </summary>
internal static class DemoCommand
{
    public const string SampleSentence = "the last iterate of stochastic gradient descent converges with high probability";

    public static Command Create(Option<string?> indexOption)
    {
        var corpus = new Option<string?>("--corpus") { Description = "Folder of papers to index; default: the repository's samples/corpus." };
        var query = new Option<string>("--query") { Description = "The sentence to search for.", DefaultValueFactory = _ => SampleSentence };
        var limit = new Option<int>("--limit", "-n") { Description = "How many results to print.", DefaultValueFactory = _ => 5 };
        var command = new Command("demo", "Index the sample corpus and run a search on it.") { corpus, query, limit };
        command.SetAction(parse =>
        {
            var context = new CommandContext(parse, indexOption);
            var folder = parse.GetValue(corpus) ?? FindSampleCorpus();
            if (folder is null || !Directory.Exists(folder))
            {
                context.Error.WriteLine("error: sample corpus not found (looked for samples/corpus above the program and the current folder); pass --corpus DIR");
                return ExitCodes.UsageOrNotFound;
            }

            var temp = context.ExplicitIndexPath is null
                ? Path.Combine(Path.GetTempPath(), "paperlsp-demo-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8])
                : null;
            var indexPath = temp is null ? context.IndexPath : Path.Combine(temp, "index.db");
            try
            {
                int exit;
                using (var store = context.OpenStore(indexPath, createIfMissing: true))
                {
                    if (store is null)
                    {
                        return ExitCodes.IndexUnusable;
                    }

                    exit = Run(context, store, Path.GetFullPath(folder), parse.GetValue(query) ?? SampleSentence, Math.Max(1, parse.GetValue(limit)));
                }

                return exit;
            }
            finally
            {
                if (temp is not null)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    try
                    {
                        Directory.Delete(temp, recursive: true);
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        });
        return command;
    }

    private static int Run(CommandContext context, PaperStore store, string folder, string sentence, int limit)
    {
        var o = context.Output;
        o.WriteLine($"== indexing {folder}");
        var report = IndexRunner.Run(context, store, [folder], quiet: true);
        IndexRunner.PrintSummary(o, report);
        o.WriteLine();
        o.WriteLine($"== search: \"{sentence}\"");
        var hits = store.SearchLexical(sentence, limit);
        var papers = store.GetMany(hits.Select(h => h.Id).ToList()).ToDictionary(p => p.Id);
        PaperPrinter.PrintHits(o, hits.Where(h => papers.ContainsKey(h.Id)).Select(h => (papers[h.Id], h.Score)).ToList());
        if (hits.Count > 0)
        {
            var top = papers[hits[0].Id];
            o.WriteLine();
            o.WriteLine($"== show {top.CitationKey}");
            PaperPrinter.PrintFull(o, top, store.SourcesOf(top.Id));
            o.WriteLine();
            o.WriteLine($"== export --bibtex {top.CitationKey}");
            PaperPrinter.WriteEntry(o, BibtexExport.Format(top));
        }
        else
        {
            o.WriteLine("(no results)");
        }

        return report.ProblemCount > 0 ? ExitCodes.SomeFilesHadProblems : ExitCodes.Ok;
    }

    /// <summary>samples/corpus in the first folder above the program or the current folder that has one.</summary>
    internal static string? FindSampleCorpus()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "corpus");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
