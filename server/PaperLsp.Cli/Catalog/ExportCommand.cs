using System.CommandLine;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary><c>paperlsp export --bibtex [keys…] [--output FILE]</c>: BibTeX for the given papers, or for all.</summary>
internal static class ExportCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var keys = new Argument<string[]>("keys") { Description = "Citation keys, arXiv ids or DOIs; all papers when none are given.", Arity = ArgumentArity.ZeroOrMore };
        var bibtex = new Option<bool>("--bibtex") { Description = "Export as BibTeX (the only format so far; required)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("export", "Export papers as BibTeX.") { keys, bibtex, output };
        command.SetAction(parse =>
        {
            var context = new CommandContext(parse, indexOption);
            if (!parse.GetValue(bibtex))
            {
                context.Error.WriteLine("error: choose an export format: --bibtex");
                return ExitCodes.UsageOrNotFound;
            }

            using var store = context.OpenStore(createIfMissing: false);
            if (store is null)
            {
                return ExitCodes.IndexUnusable;
            }

            var wanted = parse.GetValue(keys) ?? [];
            var missing = new List<string>();
            IEnumerable<StoredPaper> papers;
            if (wanted.Length == 0)
            {
                papers = store.AllPapers();
            }
            else
            {
                var found = new List<StoredPaper>();
                var seen = new HashSet<long>();
                foreach (var k in wanted)
                {
                    var p = store.GetByKey(k);
                    if (p is null)
                    {
                        missing.Add(k);
                    }
                    else if (seen.Add(p.Id))
                    {
                        found.Add(p);
                    }
                }

                papers = found;
            }

            var file = parse.GetValue(output);
            using var writer = file is null ? null : new StreamWriter(file, append: false);
            var target = writer ?? context.Output;
            var count = 0;
            foreach (var paper in papers)
            {
                if (count > 0)
                {
                    target.WriteLine();
                }

                PaperPrinter.WriteEntry(target, BibtexExport.Format(paper));
                count++;
            }

            foreach (var k in missing)
            {
                context.Error.WriteLine($"no paper with key or id \"{k}\"");
            }

            if (file is not null)
            {
                context.Error.WriteLine($"wrote {count} entries to {Path.GetFullPath(file)}");
            }

            return missing.Count > 0 ? ExitCodes.UsageOrNotFound : ExitCodes.Ok;
        });
        return command;
    }
}
