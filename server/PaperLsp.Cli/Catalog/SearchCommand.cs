using System.CommandLine;
using PaperLsp.Features.Catalog;
using PaperLsp.Retrieval;

namespace PaperLsp.Cli.Catalog;

/// <summary>
/// <c>paperlsp search &lt;query&gt; [--limit N] [--lexical]</c>: hybrid search (FTS5 BM25 fused with the embedding
/// ranking when the model is prepared and the index is embedded), or BM25 alone with --lexical.
/// </summary>
internal static class SearchCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var query = new Argument<string[]>("query") { Description = "Words to search for (free text; quoting is not needed).", Arity = ArgumentArity.OneOrMore };
        var limit = new Option<int>("--limit", "-n") { Description = "How many results to print.", DefaultValueFactory = _ => 10 };
        var lexicalOnly = new Option<bool>("--lexical") { Description = "BM25 only: do not load the embedding model." };
        var modelOptions = new ModelOptions();
        var command = new Command("search", "Search the index by meaning and words (title, abstract, authors, keys).") { query, limit, lexicalOnly };
        modelOptions.AddTo(command);
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
            using var model = parse.GetValue(lexicalOnly) ? null : modelOptions.Open(parse, context.Error, required: false);
            var catalog = new HybridPaperCatalog(store, model).WithVectorsLoaded();
            var hits = catalog.Search(new PaperQuery(text, Limit: n), CancellationToken.None);
            if (hits.Count == 0)
            {
                context.Error.WriteLine($"no papers match \"{text}\"");
                return ExitCodes.UsageOrNotFound;
            }

            PaperPrinter.PrintHits(context.Output, hits.Select(h => (h.Paper, h.Score)).ToList());
            return ExitCodes.Ok;
        });
        return command;
    }
}
