using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Identity;

/// <summary>
/// Merges two records of the same paper: fills missing fields from <c>incoming</c>, keeps the cleaner title, the longer/cleaner
/// abstract, the longer author list, the more precise date, the higher upvote count, the union of keywords, and the citation key
/// and entry text of a record read from a .bib (a .bib record wins over any other source). The result keeps <c>existing</c>'s Source.
/// </summary>
public static class PaperMerger
{
    /// <summary>The merged record; neither input is modified.</summary>
    public static Paper Merge(Paper existing, Paper incoming)
    {
        var (title, rawTitle) = ChooseTitle(existing, incoming);
        var (summary, rawAbstract) = ChooseAbstract(existing, incoming);
        var bibSource = ChooseBibSource(existing, incoming);
        return existing with
        {
            Title = title,
            RawTitle = rawTitle,
            Abstract = summary,
            RawAbstract = rawAbstract,
            Authors = incoming.Authors.Count > existing.Authors.Count ? incoming.Authors : existing.Authors,
            AuthorCount = existing.AuthorCount ?? incoming.AuthorCount,
            Date = MorePrecise(existing.Date, incoming.Date),
            Year = existing.Year ?? incoming.Year,
            ArxivId = existing.ArxivId ?? incoming.ArxivId,
            Doi = existing.Doi ?? incoming.Doi,
            Venue = bibSource?.Venue ?? existing.Venue ?? incoming.Venue,
            Url = existing.Url ?? incoming.Url,
            Upvotes = Max(existing.Upvotes, incoming.Upvotes),
            AiSummary = existing.AiSummary ?? incoming.AiSummary,
            Keywords = UnionKeywords(existing.Keywords, incoming.Keywords),
            GithubRepo = existing.GithubRepo ?? incoming.GithubRepo,
            PrimaryClass = existing.PrimaryClass ?? incoming.PrimaryClass,
            BibKey = bibSource?.BibKey ?? existing.BibKey ?? incoming.BibKey,
            BibType = bibSource?.BibType ?? existing.BibType ?? incoming.BibType,
            BibEntryText = bibSource?.BibEntryText ?? existing.BibEntryText ?? incoming.BibEntryText,
        };
    }

    /// <summary>How many leftover markup characters a display text still carries (lower is cleaner).</summary>
    internal static int ArtifactScore(string text)
    {
        var score = 0;
        foreach (var c in text)
        {
            if (c is '\\' or '$' or '{' or '}' or '_' or '^' or '\uFFFD')
            {
                score++;
            }
        }

        return score;
    }

    private static Paper? ChooseBibSource(Paper existing, Paper incoming)
    {
        if (existing.Source.Format == SourceFormat.Bibtex && existing.BibKey is not null)
        {
            return existing;
        }

        if (incoming.Source.Format == SourceFormat.Bibtex && incoming.BibKey is not null)
        {
            return incoming;
        }

        return null;
    }

    private static (string Text, string? Raw) ChooseTitle(Paper existing, Paper incoming)
    {
        if (string.IsNullOrWhiteSpace(existing.Title))
        {
            return (incoming.Title, incoming.RawTitle);
        }

        if (string.IsNullOrWhiteSpace(incoming.Title))
        {
            return (existing.Title, existing.RawTitle);
        }

        return ArtifactScore(incoming.Title) < ArtifactScore(existing.Title)
            ? (incoming.Title, incoming.RawTitle)
            : (existing.Title, existing.RawTitle);
    }

    private static (string Text, string? Raw) ChooseAbstract(Paper existing, Paper incoming)
    {
        var a = existing.Abstract;
        var b = incoming.Abstract;
        if (string.IsNullOrWhiteSpace(a))
        {
            return (b, incoming.RawAbstract);
        }

        if (string.IsNullOrWhiteSpace(b))
        {
            return (a, existing.RawAbstract);
        }

        var scoreA = ArtifactScore(a);
        var scoreB = ArtifactScore(b);
        var similarLength = Math.Abs(a.Length - b.Length) <= Math.Max(a.Length, b.Length) / 5;
        if (similarLength && scoreA != scoreB)
        {
            return scoreB < scoreA ? (b, incoming.RawAbstract) : (a, existing.RawAbstract);
        }

        return b.Length > a.Length ? (b, incoming.RawAbstract) : (a, existing.RawAbstract);
    }

    private static string? MorePrecise(string? a, string? b)
    {
        if (string.IsNullOrWhiteSpace(a))
        {
            return string.IsNullOrWhiteSpace(b) ? null : b;
        }

        if (string.IsNullOrWhiteSpace(b))
        {
            return a;
        }

        return b.Length > a.Length && b.StartsWith(a, StringComparison.Ordinal) ? b : a;
    }

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static IReadOnlyList<string> UnionKeywords(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (b.Count == 0)
        {
            return a;
        }

        if (a.Count == 0)
        {
            return b;
        }

        var seen = new HashSet<string>(a, StringComparer.OrdinalIgnoreCase);
        var result = new List<string>(a);
        foreach (var keyword in b)
        {
            if (seen.Add(keyword))
            {
                result.Add(keyword);
            }
        }

        return result;
    }
}
