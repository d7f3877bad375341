using System.Globalization;
using PaperLsp.Ingestion.Model;
using PaperLsp.Ingestion.Text;

namespace PaperLsp.Ingestion.Identity;

/// <summary>
/// The one home of index citation keys. <see cref="BaseKey(Paper, CitationKeyPattern?)"/> applies a
/// <see cref="CitationKeyPattern"/> (default: first author's family name + year + first significant title word,
/// <c>vaswani2017attention</c>; without authors the first three significant title words + year,
/// <c>largelanguagemodels2024</c>); <see cref="Disambiguate"/> appends a, b, … when a key is taken. A key from the
/// user's .bib (<see cref="Paper.BibKey"/>) always wins.
/// </summary>
public static class CitationKeyGenerator
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "on", "of", "in", "at", "to", "for", "from", "by", "with", "without", "and", "or", "but", "nor", "as", "is", "are",
        "be", "via", "into", "onto", "over", "under", "towards", "toward", "through", "about", "do", "does", "can", "how", "what", "when",
        "why", "which", "who", "where", "whether", "we", "you", "your", "our", "its", "it", "this", "that", "these", "those", "not", "no",
        "all", "up", "vs", "versus", "using", "use", "new", "s", "i", "ii", "iii", "part", "let", "lets",
    };

    /// <summary>The key before disambiguation under <paramref name="pattern"/> (default: <see cref="CitationKeyPattern.Default"/>); never empty.</summary>
    public static string BaseKey(Paper paper, CitationKeyPattern? pattern = null)
    {
        ArgumentNullException.ThrowIfNull(paper);
        if (!string.IsNullOrWhiteSpace(paper.BibKey))
        {
            return paper.BibKey.Trim();
        }

        pattern ??= CitationKeyPattern.Default;
        var fields = new Fields(paper);
        foreach (var alternative in pattern.Alternatives)
        {
            if (Apply(alternative, fields) is { Length: > 0 } key)
            {
                return key;
            }
        }

        return "paper" + (fields.Year ?? "");
    }

    private static string? Apply(IReadOnlyList<CitationKeyPattern.Part> parts, Fields fields)
    {
        var key = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            var text = part.Kind switch
            {
                CitationKeyPattern.PartKind.Literal => part.Literal,
                CitationKeyPattern.PartKind.Auth => fields.Author,
                CitationKeyPattern.PartKind.Year => fields.Year ?? "",
                _ => string.Concat(fields.TitleWords.Take(part.Count)),
            };
            if (text.Length == 0 && !part.Optional)
            {
                return null;
            }

            key.Append(text);
        }

        return key.ToString();
    }

    /// <summary>What a pattern's fields draw on, computed once per paper.</summary>
    private sealed class Fields(Paper paper)
    {
        public string Author { get; } = paper.Authors.Count > 0 ? FamilyNameKey(paper.Authors[0]) : "";

        public string? Year { get; } = YearOf(paper)?.ToString(CultureInfo.InvariantCulture);

        public List<string> TitleWords { get; } = [.. SignificantTitleWords(paper.Title).Where(w => w.Any(char.IsAsciiLetter))];
    }

    /// <summary>
    /// <paramref name="baseKey"/> when it is free, else the first free of <c>baseKey</c>+a, b, … z, aa, ab, … (deterministic).
    /// </summary>
    public static string Disambiguate(string baseKey, Func<string, bool> isTaken)
    {
        if (!isTaken(baseKey))
        {
            return baseKey;
        }

        for (var n = 0; n < 1_000_000; n++)
        {
            var candidate = baseKey + Suffix(n);
            if (!isTaken(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"No free citation key derived from '{baseKey}'.");
    }

    /// <summary>
    /// A free key for <paramref name="paper"/> when <paramref name="key"/> is taken by another paper: the key followed by
    /// the paper's next significant title word not already in it (<c>li2025llms</c> → <c>li2025llmscaught</c>), else by
    /// letters (<see cref="Disambiguate"/>). Returns <paramref name="key"/> itself when it is free.
    /// </summary>
    public static string FreeVariant(string key, Paper paper, Func<string, bool> isTaken)
    {
        ArgumentNullException.ThrowIfNull(paper);
        ArgumentNullException.ThrowIfNull(isTaken);
        if (!isTaken(key))
        {
            return key;
        }

        foreach (var word in SignificantTitleWords(paper.Title))
        {
            if (word.Length >= 3 && !key.Contains(word, StringComparison.OrdinalIgnoreCase) && word.All(char.IsAsciiLetterOrDigit))
            {
                return Disambiguate(key + word, isTaken);
            }
        }

        return Disambiguate(key, isTaken);
    }

    /// <summary>The family-name part of a key for an author display name ("Ludwig van Beethoven" → "beethoven").</summary>
    public static string FamilyNameKey(string author)
    {
        var normalized = TextNormalizer.Normalize(author);
        var name = PersonName.Parse(normalized);
        return TextNormalizer.FoldToAscii(name.Family, keepSpaces: false);
    }

    private static string Suffix(int n)
    {
        // 0 → a, 25 → z, 26 → aa, 27 → ab …
        var letters = new Stack<char>();
        n++;
        while (n > 0)
        {
            n--;
            letters.Push((char)('a' + (n % 26)));
            n /= 26;
        }

        return new string([.. letters]);
    }

    private static int? YearOf(Paper paper)
    {
        if (paper.Year is { } year)
        {
            return year;
        }

        if (paper.Date is { Length: >= 4 } date && int.TryParse(date.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        return ArxivId.YearOf(paper.ArxivId);
    }

    /// <summary>
    /// The title's words as keys see them (folded to lower-case ASCII, apostrophes dropped, split at spaces and
    /// punctuation, in order) with the key pattern's stop words left out: <c>[shorttitle:N]</c> takes the first N of
    /// these that have a letter. Readers of writers' keys (<c>jimenez2024swebench</c>) match them against these words.
    /// </summary>
    public static IReadOnlyList<string> TitleKeyWords(string title) => SignificantTitleWords(title ?? "");

    private static List<string> SignificantTitleWords(string title)
    {
        var folded = TextNormalizer.FoldToAscii(TextNormalizer.Normalize(title).Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal), keepSpaces: true);
        var words = new List<string>();
        foreach (var word in folded.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!StopWords.Contains(word))
            {
                words.Add(word);
            }
        }

        return words;
    }
}
