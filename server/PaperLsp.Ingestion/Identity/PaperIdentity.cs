using PaperLsp.Ingestion.Model;
using PaperLsp.Ingestion.Text;

namespace PaperLsp.Ingestion.Identity;

/// <summary>
/// Identity keys of a paper, strongest first: <c>arxiv:2312.17653</c>, <c>doi:10.x/y</c>, <c>title:&lt;folded title&gt;</c>.
/// The title key is the normalised title folded to lower-case ASCII letters and digits with everything else removed, so
/// <c>H$_2$O</c>, <c>H_2O</c> and <c>H2O</c>, "Flash-Attention" and "flash attention" give the same key.
/// </summary>
public static class PaperIdentity
{
    /// <summary>All identity keys of <paramref name="paper"/> (arXiv, DOI, title), strongest first; empty when it has none.</summary>
    public static IReadOnlyList<string> Keys(Paper paper)
    {
        var keys = new List<string>(3);
        if (!string.IsNullOrEmpty(paper.ArxivId))
        {
            keys.Add("arxiv:" + paper.ArxivId);
        }
        else if (NormalizeDoi(paper.Doi) is { } arxivDoi && ArxivId.TryParse(arxivDoi, out var fromDoi, out _))
        {
            keys.Add("arxiv:" + fromDoi);
        }

        if (NormalizeDoi(paper.Doi) is { } doi)
        {
            keys.Add("doi:" + doi);
        }

        var title = TitleKey(paper.Title);
        if (title.Length > 0)
        {
            keys.Add("title:" + title);
        }

        return keys;
    }

    /// <summary>The folded title used in <c>title:</c> keys (LaTeX/HTML normalised first, then case, accents, punctuation and spaces removed).</summary>
    public static string TitleKey(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return "";
        }

        return TextNormalizer.FoldToAscii(TextNormalizer.Normalize(title), keepSpaces: false);
    }

    /// <summary>A DOI lower-cased without resolver prefixes (<c>https://doi.org/</c>, <c>doi:</c>) and URL escapes; null when it is not a DOI.</summary>
    public static string? NormalizeDoi(string? doi)
    {
        if (string.IsNullOrWhiteSpace(doi))
        {
            return null;
        }

        var value = doi.Trim();
        if (value.Contains('%', StringComparison.Ordinal))
        {
            value = Uri.UnescapeDataString(value);
        }

        var start = value.IndexOf("10.", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        value = value[start..].TrimEnd('.', ',', ';', '/').ToLowerInvariant();
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash > 3 && slash < value.Length - 1 && !value.Any(char.IsWhiteSpace) ? value : null;
    }
}
