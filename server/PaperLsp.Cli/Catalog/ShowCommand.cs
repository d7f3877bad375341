using System.CommandLine;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary><c>paperlsp show &lt;key|arxiv-id|doi&gt; [--bibtex]</c>: one paper in full, with its sources.</summary>
internal static class ShowCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var key = new Argument<string>("key") { Description = "Citation key, arXiv id (with or without version, arXiv: prefix allowed) or DOI." };
        var bibtex = new Option<bool>("--bibtex") { Description = "Print the BibTeX entry instead." };
        var command = new Command("show", "Show one paper by citation key, arXiv id or DOI.") { key, bibtex };
        command.SetAction(parse =>
        {
            var context = new CommandContext(parse, indexOption);
            using var store = context.OpenStore(createIfMissing: false);
            if (store is null)
            {
                return ExitCodes.IndexUnusable;
            }

            var wanted = parse.GetValue(key) ?? "";
            var paper = store.GetByKey(wanted);
            if (paper is null)
            {
                context.Error.WriteLine($"no paper with key or id \"{wanted}\"");
                var near = store.KeysWithPrefix(wanted.Length > 3 ? wanted[..^1] : wanted, 5);
                if (near.Count > 0)
                {
                    context.Error.WriteLine("did you mean: " + string.Join(", ", near.Select(p => p.CitationKey)));
                }

                return ExitCodes.UsageOrNotFound;
            }

            if (parse.GetValue(bibtex))
            {
                PaperPrinter.WriteEntry(context.Output, BibtexExport.Format(paper));
            }
            else
            {
                PaperPrinter.PrintFull(context.Output, paper, store.SourcesOf(paper.Id));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
