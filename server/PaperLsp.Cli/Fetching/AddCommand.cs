using System.CommandLine;
using PaperLsp.Cli.Catalog;
using PaperLsp.Fetching;

namespace PaperLsp.Cli.Fetching;

/// <summary><c>paperlsp add &lt;arXiv id | arXiv URL | HF paper URL | DOI&gt;…</c>: fetches, indexes and prints each paper's BibTeX key.</summary>
internal static class AddCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var references = new Argument<string[]>("papers") { Description = "arXiv ids (2401.12345, arXiv:…, cs/0112017), arXiv or Hugging Face paper URLs, or DOIs.", Arity = ArgumentArity.OneOrMore };
        var hf = FetchCommands.UrlOption("--hf-url", "the Hugging Face API", FetchOptions.HuggingFaceUrlVariable, new FetchOptions().HuggingFaceUrl);
        var arxiv = FetchCommands.UrlOption("--arxiv-url", "the arXiv API", FetchOptions.ArxivUrlVariable, new FetchOptions().ArxivUrl);
        var doi = FetchCommands.UrlOption("--doi-url", "the DOI resolver", FetchOptions.DoiUrlVariable, new FetchOptions().DoiUrl);
        var delay = FetchCommands.DelayOption();
        var tries = FetchCommands.TriesOption();
        var command = new Command("add", "Fetch papers by arXiv id/URL (arXiv API), Hugging Face paper URL (HF API) or DOI (doi.org BibTeX), index them and print their citation keys.")
        {
            references, hf, arxiv, doi, delay, tries,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = new CommandContext(parse, indexOption);
            var options = FetchCommands.Options(parse, context.Error, hf, arxiv, doi, delay, tries);
            if (options is null)
            {
                return ExitCodes.UsageOrNotFound;
            }

            var parsed = new List<PaperReference>();
            var failed = 0;
            foreach (var text in parse.GetValue(references) ?? [])
            {
                if (PaperReference.Parse(text) is { } reference)
                {
                    parsed.Add(reference);
                }
                else
                {
                    context.Error.WriteLine($"error: \"{text}\" is not an arXiv id or URL, a Hugging Face paper URL or a DOI");
                    failed++;
                }
            }

            if (parsed.Count == 0)
            {
                return ExitCodes.UsageOrNotFound;
            }

            using var store = context.OpenStore(createIfMissing: true);
            if (store is null)
            {
                return ExitCodes.IndexUnusable;
            }

            using var client = new PoliteHttpClient(options);
            var adder = new PaperAdder(client, options, ResponseCache.ForIndex(store.Path));
            IReadOnlyList<FetchedSource> fetched;
            try
            {
                fetched = await adder.FetchAsync(parsed, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                context.Error.WriteLine("interrupted: nothing was added");
                return ExitCodes.SomeFilesHadProblems;
            }

            foreach (var added in PaperAdder.Index(store, fetched, cancellationToken))
            {
                if (added.Key is not null)
                {
                    context.Output.WriteLine($"{added.Key}\t{added.Title}");
                }
                else
                {
                    context.Error.WriteLine($"error: {added.Requested}: {added.Error}");
                    failed++;
                }
            }

            return failed > 0 ? ExitCodes.SomeFilesHadProblems : ExitCodes.Ok;
        });
        return command;
    }
}
