using System.CommandLine;
using PaperLsp.Fetching;

namespace PaperLsp.Cli.Fetching;

/// <summary>
/// The only commands that use the network: <c>sync hf</c> and <c>add</c>. Their base URLs come from options, else
/// <c>PAPERLSP_HF_URL</c> / <c>PAPERLSP_ARXIV_URL</c> / <c>PAPERLSP_DOI_URL</c>, else the real services.
/// </summary>
internal static class FetchCommands
{
    public static void AddTo(RootCommand root, Option<string?> indexOption)
    {
        root.Subcommands.Add(SyncCommand.Create(indexOption));
        root.Subcommands.Add(AddCommand.Create(indexOption));
    }

    /// <summary>A URL option with its environment variable and default named in the help.</summary>
    public static Option<string?> UrlOption(string name, string what, string variable, Uri fallback) =>
        new(name) { Description = $"Base URL of {what} (default: ${variable}, else {fallback})." };

    /// <summary>The options from the environment, overridden by the given URL options and pause; null (with a message) when a URL is bad.</summary>
    public static FetchOptions? Options(ParseResult parse, TextWriter error, Option<string?>? hf, Option<string?>? arxiv, Option<string?>? doi, Option<double?> delay, Option<int?> tries)
    {
        var options = FetchOptions.FromEnvironment();
        foreach (var (option, set) in new (Option<string?>?, Func<FetchOptions, Uri, FetchOptions>)[]
        {
            (hf, (o, u) => o with { HuggingFaceUrl = u }),
            (arxiv, (o, u) => o with { ArxivUrl = u }),
            (doi, (o, u) => o with { DoiUrl = u }),
        })
        {
            if (option is null || parse.GetValue(option) is not { } text)
            {
                continue;
            }

            if (FetchOptions.UrlFrom(text) is not { } url)
            {
                error.WriteLine($"error: {option.Name} needs an http(s) URL, got \"{text}\"");
                return null;
            }

            options = set(options, url);
        }

        if (parse.GetValue(delay) is { } seconds)
        {
            if (seconds is < 0 or > 3600)
            {
                error.WriteLine("error: --delay must be from 0 to 3600 seconds");
                return null;
            }

            // arXiv's terms ask for 3 s between requests: the real API never gets less.
            var arxivFloor = options.ArxivUrl.Host.EndsWith("arxiv.org", StringComparison.OrdinalIgnoreCase) ? 3 : 0;
            options = options with { RequestDelay = TimeSpan.FromSeconds(seconds), ArxivDelay = TimeSpan.FromSeconds(Math.Max(seconds, arxivFloor)) };
        }

        if (parse.GetValue(tries) is { } count)
        {
            if (count is < 1 or > 10)
            {
                error.WriteLine("error: --tries must be from 1 to 10");
                return null;
            }

            options = options with { MaxAttempts = count };
        }

        return options;
    }

    /// <summary>The tries option.</summary>
    public static Option<int?> TriesOption() => new("--tries") { Description = "Tries per request on 429, 5xx, timeouts and broken connections, with growing backoff (default 4)." };

    /// <summary>The pause option.</summary>
    public static Option<double?> DelayOption() => new("--delay") { Description = "Seconds to pause between two requests (default 1; the arXiv API never less than 3)." };
}
