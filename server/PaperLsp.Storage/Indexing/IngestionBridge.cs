using System.Globalization;
using System.Text;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Indexing;

/// <summary>
/// The single place where Storage calls the ingestion library's identity, merge, key and BibTeX services.
/// INTERIM: until PaperIdentity / PaperMerger / CitationKeyGenerator / BibtexWriter land in
/// PaperLsp.Ingestion, this holds minimal stand-ins with the same contracts.
/// </summary>
internal static class IngestionBridge
{
    public static IReadOnlyList<string> IdentityKeys(Paper paper)
    {
        var keys = new List<string>(3);
        if (!string.IsNullOrWhiteSpace(paper.ArxivId))
        {
            keys.Add("arxiv:" + StripArxivVersion(paper.ArxivId.Trim()).ToLowerInvariant());
        }

        if (!string.IsNullOrWhiteSpace(paper.Doi))
        {
            keys.Add("doi:" + paper.Doi.Trim().ToLowerInvariant());
        }

        var title = NormaliseTitle(paper.Title);
        if (title.Length > 0)
        {
            keys.Add("title:" + title);
        }

        return keys;
    }

    public static Paper Merge(Paper existing, Paper incoming) => existing with
    {
        Title = existing.Title.Length >= 1 ? existing.Title : incoming.Title,
        Abstract = incoming.Abstract.Length > existing.Abstract.Length ? incoming.Abstract : existing.Abstract,
        Authors = existing.Authors.Count >= incoming.Authors.Count ? existing.Authors : incoming.Authors,
        Date = existing.Date is { Length: >= 10 } ? existing.Date : incoming.Date ?? existing.Date,
        Year = existing.Year ?? incoming.Year,
        ArxivId = existing.ArxivId ?? incoming.ArxivId,
        Doi = existing.Doi ?? incoming.Doi,
        Venue = existing.Venue ?? incoming.Venue,
        Url = existing.Url ?? incoming.Url,
        Upvotes = Max(existing.Upvotes, incoming.Upvotes),
        AiSummary = existing.AiSummary ?? incoming.AiSummary,
        Keywords = existing.Keywords.Union(incoming.Keywords, StringComparer.OrdinalIgnoreCase).ToList(),
        GithubRepo = existing.GithubRepo ?? incoming.GithubRepo,
        BibKey = existing.BibKey ?? incoming.BibKey,
        BibType = existing.BibType ?? incoming.BibType,
        BibEntryText = existing.BibEntryText ?? incoming.BibEntryText,
    };

    public static string BaseKey(Paper paper)
    {
        var author = paper.Authors.Count > 0 ? LastWord(paper.Authors[0]) : "anon";
        var word = NormaliseTitle(paper.Title).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(w => w.Length > 3 && !w.All(char.IsDigit)) ?? "paper";
        var key = Ascii(author) + (paper.Year?.ToString(CultureInfo.InvariantCulture) ?? "") + Ascii(word);
        return key.Length == 0 ? "paper" : key;
    }

    public static string Disambiguate(string baseKey, Func<string, bool> isTaken)
    {
        if (!isTaken(baseKey))
        {
            return baseKey;
        }

        for (var n = 0; ; n++)
        {
            var candidate = baseKey + Suffix(n);
            if (!isTaken(candidate))
            {
                return candidate;
            }
        }
    }

    public static string FormatBibtex(Paper paper, string key)
    {
        var sb = new StringBuilder();
        sb.Append(paper.ArxivId is not null && paper.Venue is null ? "@misc{" : "@article{").Append(key).Append(",\n");
        Field(sb, "title", "{" + paper.Title + "}");
        Field(sb, "author", paper.Authors.Count > 0 ? string.Join(" and ", paper.Authors) : null);
        Field(sb, "year", paper.Year?.ToString(CultureInfo.InvariantCulture));
        Field(sb, "journal", paper.Venue);
        Field(sb, "doi", paper.Doi);
        if (paper.ArxivId is not null)
        {
            Field(sb, "eprint", paper.ArxivId);
            Field(sb, "archivePrefix", "arXiv");
        }

        sb.Append('}').Append('\n');
        return sb.ToString();
    }

    private static void Field(StringBuilder sb, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            sb.Append("  ").Append(name).Append(" = {").Append(value.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal)).Append("},\n");
        }
    }

    private static string Suffix(int n)
    {
        var sb = new StringBuilder();
        n++;
        while (n > 0)
        {
            n--;
            sb.Insert(0, (char)('a' + (n % 26)));
            n /= 26;
        }

        return sb.ToString();
    }

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static string LastWord(string name)
    {
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? "anon" : parts[^1];
    }

    private static string Ascii(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (c < 128 && char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    internal static string StripArxivVersion(string id)
    {
        var v = id.LastIndexOf('v');
        return v > 0 && v < id.Length - 1 && id.AsSpan(v + 1).IndexOfAnyExceptInRange('0', '9') < 0 && char.IsDigit(id[v - 1])
            ? id[..v]
            : id;
    }

    internal static string NormaliseTitle(string title)
    {
        var sb = new StringBuilder(title.Length);
        var space = false;
        foreach (var c in title.Normalize(NormalizationForm.FormKD))
        {
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(char.ToLowerInvariant(c));
                space = false;
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                space = true;
            }
        }

        return sb.ToString();
    }
}
