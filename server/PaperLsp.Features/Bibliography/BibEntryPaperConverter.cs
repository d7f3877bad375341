using System.Text.RegularExpressions;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Bibliography;

/// <summary>Builds a <see cref="Paper"/> from a workspace .bib entry (for hover cards and completion of keys the catalog lacks).</summary>
internal static partial class BibEntryPaperConverter
{
    public static Paper ToPaper(BibEntryRecord entry, string path, string entryText)
    {
        string Field(string name) => entry.Fields.TryGetValue(name, out var value) ? BibFieldText.Clean(value) : "";

        var yearText = Field("year");
        var date = Field("date");
        int? year = null;
        var yearMatch = Year().Match(yearText.Length > 0 ? yearText : date);
        if (yearMatch.Success)
        {
            year = int.Parse(yearMatch.Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var venue = FirstNonEmpty(Field("journal"), Field("booktitle"), Field("journaltitle"), Field("publisher"), Field("howpublished"));
        var arxivId = FindArxivId(entry, Field("eprint"), Field("url"), venue);
        var doi = Field("doi");
        if (doi.StartsWith("https://doi.org/", StringComparison.OrdinalIgnoreCase))
        {
            doi = doi["https://doi.org/".Length..];
        }

        var title = Field("title");
        return new Paper
        {
            Title = title.Length == 0 ? entry.Key : title,
            Abstract = Field("abstract"),
            Authors = entry.Fields.TryGetValue("author", out var authors) ? BibFieldText.Authors(authors) : [],
            Date = date.Length > 0 ? date : (yearText.Length > 0 ? yearText : null),
            Year = year,
            ArxivId = arxivId,
            Doi = doi.Length == 0 ? null : doi.ToLowerInvariant(),
            Venue = venue.Length == 0 ? null : venue,
            Url = Field("url") is { Length: > 0 } url ? url : null,
            Keywords = Field("keywords") is { Length: > 0 } keywords ? keywords.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
            BibKey = entry.Key,
            BibType = entry.EntryType,
            BibEntryText = entryText,
            Source = new PaperSource(path, SourceFormat.Bibtex, entry.Line),
        };
    }

    private static string? FindArxivId(BibEntryRecord entry, string eprint, string url, string venue)
    {
        var archive = entry.Fields.TryGetValue("archiveprefix", out var prefix) ? prefix : entry.Fields.TryGetValue("eprinttype", out var eprintType) ? eprintType : "";
        if (eprint.Length > 0 && (archive.Contains("arxiv", StringComparison.OrdinalIgnoreCase) || ArxivNew().IsMatch(eprint)))
        {
            var match = ArxivNew().Match(eprint);
            if (match.Success)
            {
                return match.Groups[1].Value;
            }
        }

        foreach (var candidate in new[] { url, venue, entry.Fields.TryGetValue("journal", out var journal) ? journal : "" })
        {
            var match = ArxivNew().Match(candidate);
            if (match.Success && candidate.Contains("arxiv", StringComparison.OrdinalIgnoreCase))
            {
                return match.Groups[1].Value;
            }
        }

        return null;
    }

    private static string FirstNonEmpty(params string[] values) => values.FirstOrDefault(v => v.Length > 0) ?? "";

    [GeneratedRegex(@"\b(1[6-9]|20|21)\d{2}\b")]
    private static partial Regex Year();

    [GeneratedRegex(@"(\d{4}\.\d{4,5})(?:v\d+)?")]
    private static partial Regex ArxivNew();
}
