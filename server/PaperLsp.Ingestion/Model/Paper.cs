namespace PaperLsp.Ingestion.Model;

/// <summary>
/// One paper as PaperLsp knows it, after parsing and normalisation. Display fields are cleaned
/// (LaTeX/HTML entities resolved, hard line breaks joined); the original text is kept in
/// <see cref="RawTitle"/> / <see cref="RawAbstract"/> when it differs.
/// </summary>
public sealed record Paper
{
    /// <summary>Display title (normalised).</summary>
    public required string Title { get; init; }

    /// <summary>Display abstract (normalised), empty when unknown.</summary>
    public string Abstract { get; init; } = "";

    /// <summary>Authors as "Given Family" display names, in order.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>Publication date as found (may be "2024", "2024-05" or ISO "2024-05-17").</summary>
    public string? Date { get; init; }

    /// <summary>Year when known.</summary>
    public int? Year { get; init; }

    /// <summary>arXiv identifier without version, e.g. "2312.17653" or "cs/0112017".</summary>
    public string? ArxivId { get; init; }

    /// <summary>DOI, lower-cased, without the https://doi.org/ prefix.</summary>
    public string? Doi { get; init; }

    /// <summary>Venue / journal / booktitle when known.</summary>
    public string? Venue { get; init; }

    /// <summary>A landing URL when known (not derived from the arXiv id).</summary>
    public string? Url { get; init; }

    /// <summary>Hugging Face upvotes when known.</summary>
    public int? Upvotes { get; init; }

    /// <summary>Hugging Face AI summary when known.</summary>
    public string? AiSummary { get; init; }

    /// <summary>Keywords (HF ai_keywords, BibTeX keywords).</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Code repository URL (HF githubRepo) when known.</summary>
    public string? GithubRepo { get; init; }

    /// <summary>The arXiv primary subject class (<c>cs.CL</c>) when a source names it (arXiv Atom, JSONL <c>primary_category</c>/<c>categories</c>, BibTeX <c>primaryClass</c>).</summary>
    public string? PrimaryClass { get; init; }

    /// <summary>The citation key the user's own .bib gives this paper, when it came from a .bib.</summary>
    public string? BibKey { get; init; }

    /// <summary>BibTeX entry type when it came from a .bib (article, inproceedings, misc…).</summary>
    public string? BibType { get; init; }

    /// <summary>The original BibTeX entry text when it came from a .bib (kept verbatim for export).</summary>
    public string? BibEntryText { get; init; }

    /// <summary>Original title text when normalisation changed it.</summary>
    public string? RawTitle { get; init; }

    /// <summary>Original abstract text when normalisation changed it.</summary>
    public string? RawAbstract { get; init; }

    /// <summary>Number of authors when only the count is known (listing pages show "• N authors"); null otherwise.</summary>
    public int? AuthorCount { get; init; }

    /// <summary>Where this record was read from.</summary>
    public required PaperSource Source { get; init; }
}
