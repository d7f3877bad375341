using PaperLsp.Ingestion.Model;
using PaperLsp.Ingestion.Text;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>Creates papers with normalised title/abstract, keeping the originals when normalisation changed more than whitespace.</summary>
internal static class PaperText
{
    public static Paper Create(string? rawTitle, string? rawAbstract, PaperSource source)
    {
        var rawTitleText = rawTitle ?? "";
        var rawAbstractText = rawAbstract ?? "";
        var title = TextNormalizer.Normalize(rawTitleText);
        var summary = TextNormalizer.Normalize(rawAbstractText);
        return new Paper
        {
            Title = title,
            Abstract = summary,
            RawTitle = TextNormalizer.ChangedBeyondWhitespace(rawTitleText, title) ? rawTitleText : null,
            RawAbstract = TextNormalizer.ChangedBeyondWhitespace(rawAbstractText, summary) ? rawAbstractText : null,
            Source = source,
        };
    }

    /// <summary>The year at the start of a date such as "2024", "2024-05-17" or "2024-05-17T00:00:00Z".</summary>
    public static int? YearOf(string? date)
    {
        if (date is { Length: >= 4 } && int.TryParse(date.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year)
            && year is >= 1000 and <= 2999 && (date.Length == 4 || !char.IsAsciiDigit(date[4])))
        {
            return year;
        }

        return null;
    }

    /// <summary>"2024-05-17T00:00:00.000Z" → "2024-05-17"; other forms unchanged.</summary>
    public static string? DateOnly(string? date)
    {
        if (string.IsNullOrWhiteSpace(date))
        {
            return null;
        }

        var trimmed = date.Trim();
        var t = trimmed.IndexOf('T', StringComparison.Ordinal);
        return t == 10 ? trimmed[..10] : trimmed;
    }
}
