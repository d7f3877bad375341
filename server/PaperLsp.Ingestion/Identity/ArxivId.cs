using System.Text.RegularExpressions;

namespace PaperLsp.Ingestion.Identity;

/// <summary>
/// arXiv identifiers: new style <c>2312.17653</c> (4 or 5 digits after the dot, optional <c>vN</c>), old style <c>cs/0112017</c>
/// or <c>math.GT/0309136</c> (the subject class is dropped: the canonical id is <c>math/0309136</c>). Accepts an <c>arXiv:</c> prefix,
/// abs/pdf/html URLs on arxiv.org (with or without .pdf) and the arXiv DOI <c>10.48550/arXiv.2312.17653</c>.
/// </summary>
public static partial class ArxivId
{
    /// <summary>Parses a whole string as one arXiv id; <paramref name="id"/> is returned without version.</summary>
    public static bool TryParse(string? text, out string id, out int? version)
    {
        id = "";
        version = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 300)
        {
            return false;
        }

        var match = WholeId().Match(text.Trim());
        return match.Success && FromMatch(match, out id, out version);
    }

    /// <summary>Finds the first arXiv id inside free text ("arXiv preprint arXiv:2305.18290", a URL, a note).</summary>
    public static bool TryFind(string? text, out string id, out int? version)
    {
        id = "";
        version = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (Match match in EmbeddedId().Matches(text))
        {
            if (FromMatch(match, out id, out version))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="text"/> is exactly one arXiv id (any accepted spelling).</summary>
    public static bool IsValid(string? text) => TryParse(text, out _, out _);

    /// <summary>
    /// The year an arXiv id was assigned, from its YYMM (<c>2401.01055</c> → 2024; old style <c>cs/9901001</c> → 1999, ids
    /// before 1991 do not exist), or null when <paramref name="text"/> is not an arXiv id.
    /// </summary>
    public static int? YearOf(string? text)
    {
        if (!TryParse(text, out var id, out _))
        {
            return null;
        }

        var digits = id[(id.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var yy = int.Parse(digits.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture);
        return yy >= 91 ? 1900 + yy : 2000 + yy;
    }

    private static bool FromMatch(Match match, out string id, out int? version)
    {
        id = "";
        version = null;
        var groups = match.Groups;
        if (groups["new"].Success)
        {
            var yymm = groups["new"].Value;
            var month = int.Parse(yymm.AsSpan(2, 2), System.Globalization.CultureInfo.InvariantCulture);
            var number = groups["num"].Value;
            var year = int.Parse(yymm.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture);
            if (month is < 1 or > 12 || (number.Length == 4 && year >= 15) || (number.Length == 5 && year < 15) || (year == 7 && month < 4))
            {
                return false;
            }

            id = yymm + "." + number;
        }
        else if (groups["archive"].Success)
        {
            var digits = groups["olddigits"].Value;
            var month = int.Parse(digits.AsSpan(2, 2), System.Globalization.CultureInfo.InvariantCulture);
            if (month is < 1 or > 12)
            {
                return false;
            }

            id = groups["archive"].Value.ToLowerInvariant() + "/" + digits;
        }
        else
        {
            return false;
        }

        if (groups["v"].Success && int.TryParse(groups["v"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0)
        {
            version = v;
        }

        return true;
    }

    private const string Core =
        @"(?:(?<new>\d{4})\.(?<num>\d{4,5})|(?<archive>[a-zA-Z]+(?:-[a-zA-Z]+)?)(?:\.[A-Za-z]{2})?/(?<olddigits>\d{7}))(?:v(?<v>\d{1,3}))?";

    [GeneratedRegex(@"^(?:(?:arxiv:\s*)|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/|(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?10\.48550/arxiv\.)?"
        + Core + @"(?:\.pdf)?/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex WholeId();

    [GeneratedRegex(@"(?:arxiv(?:\s*preprint)?\s*(?:arxiv)?\s*[:/]?\s*|arxiv\.org/(?:abs|pdf|html)/|\babs/|10\.48550/arxiv\.|(?<![\w./])(?=\d{4}\.\d{4,5}\b))"
        + Core + @"(?![\d])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex EmbeddedId();
}
