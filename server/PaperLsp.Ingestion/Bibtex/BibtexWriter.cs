using System.Globalization;
using System.Text;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Bibtex;

/// <summary>
/// Formats a <see cref="Paper"/> as a BibTeX entry: <c>@article</c> with <c>journal = {arXiv preprint arXiv:ID}</c> (which
/// standard styles print) and <c>eprint</c>/<c>archivePrefix={arXiv}</c> (for biblatex and arXiv-aware styles) for arXiv-only papers,
/// <c>@inproceedings</c> (booktitle) for conference-like venues, <c>@article</c> (journal) otherwise. Values are brace-delimited,
/// LaTeX special characters escaped, words with inner capitals ("LLMs", "GPT-4") brace-protected in titles, authors written
/// "Family, Given" and joined with " and ". Non-ASCII letters are kept as UTF-8. When the paper came from a .bib with the same
/// key, its original entry text is returned unchanged.
/// </summary>
public static class BibtexWriter
{
    /// <summary>The BibTeX entry for <paramref name="paper"/> under <paramref name="key"/>.</summary>
    public static string Format(Paper paper, string key)
    {
        if (paper.BibEntryText is { Length: > 0 } original && string.Equals(paper.BibKey, key, StringComparison.Ordinal))
        {
            return original;
        }

        var safeKey = SanitizeKey(key);
        var venue = paper.Venue;
        var arxivOnly = paper.ArxivId is not null && (string.IsNullOrWhiteSpace(venue) || venue.StartsWith("arxiv", StringComparison.OrdinalIgnoreCase));
        var conference = !arxivOnly && venue is not null && LooksLikeConference(venue);
        var type = arxivOnly ? "article" : venue is null ? "misc" : conference ? "inproceedings" : "article";
        var fields = new List<(string Name, string Value)>
        {
            ("title", "{" + ProtectCase(Escape(paper.Title)) + "}"),
        };
        if (paper.Authors.Count > 0)
        {
            fields.Add(("author", "{" + string.Join(" and ", paper.Authors.Select(FormatAuthor)) + "}"));
        }
        else
        {
            // Styles sort and label by author; without one they need a key (plain.bst: "need author or key").
            fields.Add(("key", "{" + Escape(SortKey(paper.Title)) + "}"));
        }

        var year = paper.Year ?? YearFromDate(paper.Date) ?? ArxivId.YearOf(paper.ArxivId);
        if (year is not null)
        {
            fields.Add(("year", "{" + year.Value.ToString(CultureInfo.InvariantCulture) + "}"));
        }

        if (arxivOnly)
        {
            // Standard styles print no eprint field: the journal carries the arXiv id (as Google Scholar's entries do).
            fields.Add(("journal", "{arXiv preprint arXiv:" + paper.ArxivId + "}"));
        }
        else if (venue is not null)
        {
            fields.Add((conference ? "booktitle" : "journal", "{" + Escape(venue) + "}"));
        }

        if (paper.Doi is not null)
        {
            fields.Add(("doi", "{" + EscapeVerbatim(paper.Doi) + "}"));
        }

        if (paper.ArxivId is not null)
        {
            fields.Add(("eprint", "{" + paper.ArxivId + "}"));
            fields.Add(("archivePrefix", "{arXiv}"));
            if (paper.PrimaryClass is not null)
            {
                fields.Add(("primaryClass", "{" + paper.PrimaryClass + "}"));
            }
        }

        var url = paper.Url ?? (paper.ArxivId is not null ? "https://arxiv.org/abs/" + paper.ArxivId : null);
        if (url is not null)
        {
            fields.Add(("url", "{" + EscapeVerbatim(url) + "}"));
        }

        var builder = new StringBuilder();
        builder.Append('@').Append(type).Append('{').Append(safeKey).Append(",\n");
        var width = fields.Max(f => f.Name.Length);
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            builder.Append("  ").Append(name.PadRight(width)).Append(" = ").Append(value);
            builder.Append(i < fields.Count - 1 ? ",\n" : "\n");
        }

        builder.Append('}');
        return builder.ToString();
    }

    /// <summary>Escapes LaTeX special characters of plain text (<c>&amp; % $ # _ { } ~ ^ \</c>).</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (c)
            {
                // Break TeX ligatures and entity-like runs so the text reads back exactly: '' `` -- x2013.
                case '\'' when next == '\'':
                case '-' when next == '-':
                    builder.Append(c).Append("{}");
                    break;
                case 'x' when next == '2' && i > 0 && char.IsLetter(text[i - 1]):
                    builder.Append("x{}");
                    break;
                case '`':
                    builder.Append("\\textasciigrave{}");
                    break;
                case '&' or '%' or '$' or '#' or '_' or '{' or '}':
                    builder.Append('\\').Append(c);
                    break;
                case '~':
                    builder.Append("\\textasciitilde{}");
                    break;
                case '^':
                    builder.Append("\\textasciicircum{}");
                    break;
                case '\\':
                    builder.Append("\\textbackslash{}");
                    break;
                case '\r' or '\n' or '\t':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string FormatAuthor(string author)
    {
        var name = PersonName.Parse(author);
        if (name.Given.Length == 0 && name.Particle.Length == 0)
        {
            // An organisation or a single-word name: protect it from being split.
            return "{" + Escape(author.Trim()) + "}";
        }

        // A name word "and" (any case: "And Odu") would read back as the separator between two names: brace it.
        return string.Join(' ', Escape(name.Bibtex).Split(' ').Select(w => w.Equals("and", StringComparison.OrdinalIgnoreCase) ? "{" + w + "}" : w));
    }

    private static string ProtectCase(string title)
    {
        var words = title.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            var hasInnerUpper = false;
            for (var k = 1; k < word.Length; k++)
            {
                if (char.IsUpper(word[k]))
                {
                    hasInnerUpper = true;
                    break;
                }
            }

            if (hasInnerUpper && !word.Contains('\\', StringComparison.Ordinal))
            {
                words[i] = "{" + word + "}";
            }
        }

        return string.Join(' ', words);
    }

    private static string EscapeVerbatim(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '{' or '}' or '\\' or '\r' or '\n')
            {
                builder.Append(Uri.EscapeDataString(c.ToString()));
            }
            else if (c is '%' or '#')
            {
                builder.Append('\\').Append(c);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool LooksLikeConference(string venue) =>
        venue.Contains("proceedings", StringComparison.OrdinalIgnoreCase)
        || venue.Contains("conference", StringComparison.OrdinalIgnoreCase)
        || venue.Contains("workshop", StringComparison.OrdinalIgnoreCase)
        || venue.Contains("symposium", StringComparison.OrdinalIgnoreCase)
        || venue.Contains("findings", StringComparison.OrdinalIgnoreCase)
        || venue.Contains("meeting", StringComparison.OrdinalIgnoreCase);

    private static string SanitizeKey(string key)
    {
        var builder = new StringBuilder(key.Length);
        foreach (var c in key.Trim())
        {
            if (!char.IsWhiteSpace(c) && c is not (',' or '{' or '}' or '(' or ')' or '"' or '#' or '%' or '\'' or '=' or '\\'))
            {
                builder.Append(c);
            }
        }

        return builder.Length > 0 ? builder.ToString() : "paper";
    }

    /// <summary>The first words of a title (up to 40 chars), for the <c>key</c> field of author-less entries.</summary>
    private static string SortKey(string title)
    {
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var builder = new StringBuilder();
        foreach (var word in words)
        {
            if (builder.Length > 0 && builder.Length + word.Length > 40)
            {
                break;
            }

            builder.Append(builder.Length > 0 ? " " : "").Append(word);
        }

        return builder.ToString();
    }

    private static int? YearFromDate(string? date) =>
        date is { Length: >= 4 } && int.TryParse(date.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null;
}
