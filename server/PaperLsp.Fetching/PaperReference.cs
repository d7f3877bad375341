using System.Text.RegularExpressions;
using PaperLsp.Ingestion.Identity;

namespace PaperLsp.Fetching;

/// <summary>
/// A paper the user names: an arXiv id or URL, a Hugging Face paper URL, or a DOI, with <see cref="Id"/> the canonical
/// arXiv id (versionless) or lower-case DOI. The arXiv id rules are the ingestion library's (<see cref="ArxivId"/>).
/// </summary>
public sealed partial record PaperReference(PaperReferenceKind Kind, string Id)
{
    /// <summary>How the reference reads in messages ("arXiv:2401.12345", "doi:10.1/x").</summary>
    public string Display => Kind == PaperReferenceKind.Doi ? "doi:" + Id : "arXiv:" + Id;

    /// <summary>Parses one reference; null when the text is none of the accepted spellings.</summary>
    public static PaperReference? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 500)
        {
            return null;
        }

        var trimmed = text.Trim();
        if (HuggingFacePaperUrl().Match(trimmed) is { Success: true } hf && ArxivId.TryParse(hf.Groups["id"].Value, out var hfId, out _))
        {
            return new PaperReference(PaperReferenceKind.HuggingFace, hfId);
        }

        if (ArxivId.TryParse(trimmed, out var arxiv, out _))
        {
            return new PaperReference(PaperReferenceKind.Arxiv, arxiv);
        }

        if (DoiSpelling().IsMatch(trimmed) && PaperIdentity.NormalizeDoi(trimmed) is { } doi)
        {
            return new PaperReference(PaperReferenceKind.Doi, doi);
        }

        return null;
    }

    /// <summary>
    /// The reference written at <paramref name="offset"/> in <paramref name="text"/> (the whitespace- or bracket-delimited
    /// token around it, trailing punctuation dropped): its span and the reference, or null when there is none.
    /// </summary>
    public static (int Start, int End, PaperReference Reference)? FindAt(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        var start = offset;
        while (start > 0 && !IsDelimiter(text[start - 1]) && offset - start < 300)
        {
            start--;
        }

        var end = offset;
        while (end < text.Length && !IsDelimiter(text[end]) && end - offset < 300)
        {
            end++;
        }

        while (end > start && text[end - 1] is '.' or ',' or ';' or ':' or '!' or '?')
        {
            end--;
        }

        return end > start && Parse(text[start..end]) is { } reference ? (start, end, reference) : null;
    }

    private static bool IsDelimiter(char c) => char.IsWhiteSpace(c) || c is '{' or '}' or '(' or ')' or '[' or ']' or '<' or '>' or '"' or '\'' or '`' or '|';

    [GeneratedRegex(@"^(?:https?://)?(?:www\.)?huggingface\.co/papers/(?<id>[^/?#\s]+)/?(?:[?#]\S*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex HuggingFacePaperUrl();

    [GeneratedRegex(@"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DoiSpelling();
}
