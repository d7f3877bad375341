using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Indexing;

/// <summary>The single place where Storage calls the ingestion library's identity, merge, key and BibTeX services.</summary>
internal static class IngestionBridge
{
    public static IReadOnlyList<string> IdentityKeys(Paper paper) => PaperIdentity.Keys(paper);

    public static Paper Merge(Paper existing, Paper incoming) => PaperMerger.Merge(existing, incoming);

    public static string BaseKey(Paper paper, CitationKeyPattern? pattern) => CitationKeyGenerator.BaseKey(paper, pattern);

    public static string Disambiguate(string baseKey, Func<string, bool> isTaken) => CitationKeyGenerator.Disambiguate(baseKey, isTaken);

    public static string FormatBibtex(Paper paper, string key) => BibtexWriter.Format(paper, key);

    /// <summary>The identity key an arXiv id (any accepted spelling: version, arXiv: prefix, URL, arXiv DOI) maps to, or null.</summary>
    public static string? ArxivIdentity(string text) =>
        ArxivId.TryParse(text, out var id, out _) ? "arxiv:" + id : null;

    /// <summary>The identity key a DOI maps to, or null when the text is not a DOI.</summary>
    public static string? DoiIdentity(string text) =>
        PaperIdentity.NormalizeDoi(text) is { } doi ? "doi:" + doi : null;
}
