using System.CommandLine;
using PaperLsp.Embeddings;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Hover;
using PaperLsp.Retrieval;
using PaperLsp.Features.Text;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>
/// <c>paperlsp demo [--corpus DIR] [--query TEXT]</c>: indexes the embedded sample corpus (samples/corpus) into a
/// temporary index (or the one given with --index), embeds it when the model is prepared, searches for a sample
/// sentence (hybrid ranking), and shows what an editor would get: a citation completion in a LaTeX sentence and the
/// hover card of the top paper.
/// </summary>
internal static class DemoCommand
{
    public const string SampleSentence = "the last iterate of stochastic gradient descent converges with high probability";

    /// <summary>The LaTeX the completion demo types into; <c>$0</c> marks the cursor.</summary>
    public const string SampleLatex = "Large language models can be trained to write hardware description code by iteratively fine-tuning on their own filtered outputs~\\cite{$0}.";

    public static Command Create(Option<string?> indexOption)
    {
        var corpus = new Option<string?>("--corpus") { Description = "Folder of papers to index; default: the repository's samples/corpus." };
        var query = new Option<string>("--query") { Description = "The sentence to search for.", DefaultValueFactory = _ => SampleSentence };
        var limit = new Option<int>("--limit", "-n") { Description = "How many results to print.", DefaultValueFactory = _ => 5 };
        var modelOptions = new ModelOptions { EmbedsDocuments = true };
        var command = new Command("demo", "Index the sample corpus, search it, and show a completion and a hover card.") { corpus, query, limit };
        modelOptions.AddTo(command);
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

                    using var model = modelOptions.Open(parse, context.Error, required: false);
                    exit = Run(context, store, model, Path.GetFullPath(folder), parse.GetValue(query) ?? SampleSentence, Math.Max(1, parse.GetValue(limit)));
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

    private static int Run(CommandContext context, PaperStore store, OnnxTextEmbedder? model, string folder, string sentence, int limit)
    {
        var o = context.Output;
        o.WriteLine($"== indexing {folder}");
        var report = IndexRunner.Run(context, store, [folder], quiet: true);
        IndexRunner.PrintSummary(o, report);
        if (model is not null)
        {
            var embedded = new EmbeddingIndexer(store, model).Run();
            o.WriteLine($"embedded {embedded} papers with {model.Info.Id} on {model.ActiveProvider}");
        }

        var catalog = new HybridPaperCatalog(store, model).WithVectorsLoaded();
        o.WriteLine();
        o.WriteLine($"== search ({(catalog.HasVectors ? "hybrid: BM25 + vectors" : "lexical: BM25")}): \"{sentence}\"");
        var hits = catalog.Search(new PaperQuery(sentence, Limit: limit), CancellationToken.None);
        PaperPrinter.PrintHits(o, hits.Select(h => (h.Paper, h.Score)).ToList());
        if (hits.Count == 0)
        {
            o.WriteLine("(no results)");
            return report.ProblemCount > 0 ? ExitCodes.SomeFilesHadProblems : ExitCodes.Ok;
        }

        var top = hits[0].Paper;
        o.WriteLine();
        o.WriteLine($"== show {top.CitationKey}");
        PaperPrinter.PrintFull(o, top, store.SourcesOf(top.Id));
        o.WriteLine();
        o.WriteLine($"== export --bibtex {top.CitationKey}");
        PaperPrinter.WriteEntry(o, BibtexExport.Format(top));

        var bibliography = new WorkspaceBibliography();
        var offset = SampleLatex.IndexOf("$0", StringComparison.Ordinal);
        var text = SampleLatex.Remove(offset, 2);
        o.WriteLine();
        o.WriteLine("== completion at the cursor (|) in:");
        o.WriteLine("   " + text.Insert(offset, "|"));
        var completion = new CitationCompletion(catalog, bibliography).Complete(new CompletionRequest(text, offset, DocumentLanguage.Latex, Limit: limit));
        foreach (var item in completion.Items)
        {
            o.WriteLine($"   {item.SortText}  {item.Label,-28} {item.Detail}");
        }

        if (completion.Items.Count > 0)
        {
            var key = completion.Items[0].Label;
            o.WriteLine();
            o.WriteLine($"== hover on \\cite{{{key}}}");
            var card = new HoverCardBuilder(catalog, bibliography).BuildMarkdown(key);
            foreach (var line in (card ?? "(no card)").Split('\n'))
            {
                o.WriteLine("   " + line);
            }
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
