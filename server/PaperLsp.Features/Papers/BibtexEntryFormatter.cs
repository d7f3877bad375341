using System.Globalization;
using System.Text;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Papers;

/// <summary>
/// Renders a paper as a BibTeX entry under a given key. A paper that came from a .bib under the same key keeps its
/// original entry text verbatim.
/// </summary>
internal static class BibtexEntryFormatter
{
    public static string Format(Paper paper, string key)
    {
        if (paper.BibEntryText is { Length: > 0 } original && string.Equals(paper.BibKey, key, StringComparison.Ordinal))
        {
            return original.Trim();
        }

        var fields = new List<(string Name, string Value)> { ("title", "{" + Escape(paper.Title) + "}") };
        if (paper.Authors.Count > 0)
        {
            fields.Add(("author", Escape(string.Join(" and ", paper.Authors.Select(AuthorForBibtex)))));
        }

        var year = PaperDisplay.YearText(paper);
        if (year.Length > 0)
        {
            fields.Add(("year", year));
        }

        var type = "misc";
        if (paper.Venue is { Length: > 0 } venue && !venue.Contains("arxiv", StringComparison.OrdinalIgnoreCase))
        {
            type = paper.BibType is "article" ? "article" : "inproceedings";
            fields.Add((type == "article" ? "journal" : "booktitle", Escape(venue)));
        }

        if (paper.ArxivId is { Length: > 0 } arxivId)
        {
            fields.Add(("eprint", arxivId));
            fields.Add(("archivePrefix", "arXiv"));
            if (type == "misc")
            {
                fields.Add(("howpublished", "arXiv preprint arXiv:" + arxivId));
            }

            fields.Add(("url", "https://arxiv.org/abs/" + arxivId));
        }
        else if (paper.Url is { Length: > 0 } url)
        {
            fields.Add(("url", url));
        }

        if (paper.Doi is { Length: > 0 } doi)
        {
            fields.Add(("doi", doi));
        }

        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"@{type}{{{key},\n");
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            var braced = value.StartsWith('{') ? value : "{" + value + "}";
            builder.Append(CultureInfo.InvariantCulture, $"  {name} = {braced}");
            builder.Append(i + 1 < fields.Count ? ",\n" : "\n");
        }

        builder.Append('}');
        return builder.ToString();
    }

    private static string AuthorForBibtex(string author)
    {
        var surname = PaperDisplay.Surname(author);
        var given = author.Trim()[..^surname.Length].Trim();
        return given.Length == 0 ? surname : surname + ", " + given;
    }

    private static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length);
        var depth = 0;
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '&' or '%' or '#' or '_' or '$':
                    builder.Append('\\').Append(ch);
                    break;
                case '{':
                    depth++;
                    builder.Append(ch);
                    break;
                case '}':
                    if (depth > 0)
                    {
                        depth--;
                        builder.Append(ch);
                    }

                    break;
                case '\r' or '\n':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(ch);
                    break;
            }
        }

        builder.Append('}', depth); // keep braces balanced
        return builder.ToString();
    }
}
