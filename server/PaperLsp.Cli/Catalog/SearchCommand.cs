using System.CommandLine;

namespace PaperLsp.Cli.Catalog;

/// <summary><c>paperlsp search &lt;query&gt; [--limit N]</c>: full-text search over the index (BM25).</summary>
internal static class SearchCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var query = new Argument<string[]>("query") { Description = "Words to search for (free text; quoting is not needed).", Arity = ArgumentArity.OneOrMore };
        var limit = new Option<int>("--limit", "-n") { Description = "How many results to print.", DefaultValueFactory = _ => 10 };
        var command = new Command("search", "Search the index by title, abstract, authors and keys.") { query, limit };
        command.SetAction(parse =>
        {
            var context = new CommandContext(parse, indexOption);
            var n = parse.GetValue(limit);
            if (n <= 0)
            {
                context.Error.WriteLine("error: --limit must be positive");
                return ExitCodes.UsageOrNotFound;
            }

            using var store = context.OpenStore(createIfMissing: false);
            if (store is null)
            {
                return ExitCodes.IndexUnusable;
            }

            var text = string.Join(' ', parse.GetValue(query) ?? []);
            var hits = store.SearchLexical(text, n);
            if (hits.Count == 0)
            {
                context.Error.WriteLine($"no papers match \"{text}\"");
                return ExitCodes.UsageOrNotFound;
            }

            var papers = store.GetMany(hits.Select(h => h.Id).ToList()).ToDictionary(p => p.Id);
            PaperPrinter.PrintHits(context.Output, hits.Where(h => papers.ContainsKey(h.Id)).Select(h => (papers[h.Id], h.Score)).ToList());
            return ExitCodes.Ok;
        });
        return command;
    }
}
