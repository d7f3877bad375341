namespace PaperLsp.Fetching;

/// <summary>
/// Where and how politely PaperLsp fetches paper metadata. Nothing is fetched unless the user asks (sync, add);
/// the base URLs are settings so a mirror or a local test server can stand in for the real services.
/// </summary>
public sealed record FetchOptions
{
    /// <summary>Environment variable overriding <see cref="HuggingFaceUrl"/>.</summary>
    public const string HuggingFaceUrlVariable = "PAPERLSP_HF_URL";

    /// <summary>Environment variable overriding <see cref="ArxivUrl"/>.</summary>
    public const string ArxivUrlVariable = "PAPERLSP_ARXIV_URL";

    /// <summary>Environment variable overriding <see cref="DoiUrl"/>.</summary>
    public const string DoiUrlVariable = "PAPERLSP_DOI_URL";

    /// <summary>Hugging Face (daily papers: <c>/api/daily_papers?date=…</c>, one paper: <c>/api/papers/ID</c>).</summary>
    public Uri HuggingFaceUrl { get; init; } = new("https://huggingface.co/");

    /// <summary>The arXiv API (<c>/api/query?id_list=…</c>).</summary>
    public Uri ArxivUrl { get; init; } = new("https://export.arxiv.org/");

    /// <summary>The DOI resolver, asked for BibTeX by content negotiation.</summary>
    public Uri DoiUrl { get; init; } = new("https://doi.org/");

    /// <summary>Pause between two requests (one request at a time). arXiv asks for 3 s; 1 s is kind to Hugging Face.</summary>
    public TimeSpan RequestDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause between two arXiv API requests (arXiv's terms ask for one request every 3 s).</summary>
    public TimeSpan ArxivDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Tries per request (the first one included) on 429, 5xx, timeouts and broken connections.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>First backoff; doubled after each failed try (unless the server says Retry-After).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest Retry-After honoured; a server asking for more gets no further try in this run.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Time limit of one try (headers and body).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How the client waits (delays and backoff). Tests replace it to record the waits instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Sleep { get; init; } = Task.Delay;

    /// <summary>The defaults with the base URLs of <c>PAPERLSP_HF_URL</c>, <c>PAPERLSP_ARXIV_URL</c>, <c>PAPERLSP_DOI_URL</c> when set.</summary>
    public static FetchOptions FromEnvironment()
    {
        var options = new FetchOptions();
        return options with
        {
            HuggingFaceUrl = UrlFrom(Environment.GetEnvironmentVariable(HuggingFaceUrlVariable)) ?? options.HuggingFaceUrl,
            ArxivUrl = UrlFrom(Environment.GetEnvironmentVariable(ArxivUrlVariable)) ?? options.ArxivUrl,
            DoiUrl = UrlFrom(Environment.GetEnvironmentVariable(DoiUrlVariable)) ?? options.DoiUrl,
        };
    }

    /// <summary>An absolute http(s) URL ending in '/', or null when <paramref name="text"/> is empty or not one.</summary>
    public static Uri? UrlFrom(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (!trimmed.EndsWith('/'))
        {
            trimmed += "/";
        }

        return Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
    }
}
