using System.Globalization;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Papers;

/// <summary>Short display strings for a paper: short title, first author, author list, the completion detail line.</summary>
internal static class PaperDisplay
{
    public static string ShortTitle(string title, int maxLength = 50)
    {
        title = title.Trim();
        var colon = title.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 3 && colon <= 40)
        {
            return title[..colon].Trim();
        }

        if (title.Length <= maxLength)
        {
            return title;
        }

        var cut = title.LastIndexOf(' ', maxLength);
        return (cut > 10 ? title[..cut] : title[..maxLength]).TrimEnd(',', ';', '-', ' ') + "…";
    }

    public static string Surname(string author)
    {
        var parts = author.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return "";
        }

        // keep particles: "van der Berg", "de la Cruz"
        var start = parts.Length - 1;
        while (start > 0 && parts[start - 1] is "van" or "von" or "der" or "de" or "la" or "del" or "di" or "da" or "le" or "den")
        {
            start--;
        }

        return string.Join(' ', parts[start..]);
    }

    public static string FirstAuthorShort(Paper paper)
    {
        if (paper.Authors.Count == 0)
        {
            return "";
        }

        var surname = Surname(paper.Authors[0]);
        return paper.Authors.Count > 1 ? surname + " et al." : surname;
    }

    public static string AuthorList(IReadOnlyList<string> authors, int max = 3)
    {
        if (authors.Count <= max)
        {
            return authors.Count == 2 ? $"{authors[0]} and {authors[1]}" : string.Join(", ", authors);
        }

        return string.Join(", ", authors.Take(max)) + " et al.";
    }

    public static string YearText(Paper paper) =>
        paper.Year?.ToString(CultureInfo.InvariantCulture) ?? (paper.Date is { Length: >= 4 } date && int.TryParse(date.AsSpan(0, 4), CultureInfo.InvariantCulture, out var year) ? year.ToString(CultureInfo.InvariantCulture) : "");

    /// <summary>"short title · first author · year", parts omitted when unknown.</summary>
    public static string Detail(Paper paper) =>
        string.Join(" · ", new[] { ShortTitle(paper.Title), FirstAuthorShort(paper), YearText(paper) }.Where(p => p.Length > 0));
}
