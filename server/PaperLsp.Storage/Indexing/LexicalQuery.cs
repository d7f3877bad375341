using System.Text;

namespace PaperLsp.Storage.Indexing;

/// <summary>Turns free text into a safe FTS5 MATCH expression: quoted word terms, stop words dropped, OR-ed.</summary>
internal static class LexicalQuery
{
    public const int MaxTerms = 48;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
        "does", "doing", "down", "during", "each", "et", "al", "etc", "few", "for", "from", "further", "had", "has", "have",
        "having", "he", "her", "here", "hers", "him", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its",
        "itself", "just", "may", "me", "more", "most", "much", "must", "my", "no", "nor", "not", "now", "of", "off", "on",
        "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such",
        "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through",
        "thus", "to", "too", "under", "until", "up", "us", "use", "used", "using", "very", "via", "was", "we", "were",
        "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "cite",
        "citep", "citet", "e", "g", "eg", "ie", "recent", "recently", "work", "works", "paper", "papers", "propose",
        "proposed", "show", "shown", "shows", "approach", "approaches", "method", "methods",
    };

    /// <summary>The words of <paramref name="text"/> that would be searched for (lower-cased, de-duplicated).</summary>
    public static IReadOnlyList<string> Terms(string text)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        void Flush()
        {
            if (sb.Length == 0)
            {
                return;
            }

            var word = sb.ToString();
            sb.Clear();
            if (terms.Count < MaxTerms && (word.Length > 1 || char.IsDigit(word[0])) && !StopWords.Contains(word) && seen.Add(word))
            {
                terms.Add(word);
            }
        }

        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                sb.Append(Rune.ToLowerInvariant(rune).ToString());
                if (sb.Length > 64)
                {
                    Flush();
                }
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return terms;
    }

    /// <summary>Common terms are left out of long queries when they are in more than this fraction of the papers…</summary>
    public const double CommonTermFraction = 0.3;

    /// <summary>…as long as this many rarer terms remain.</summary>
    public const int MinInformativeTerms = 3;

    /// <summary>At most this many of the rarest terms are searched for.</summary>
    public const int MaxSearchTerms = 24;

    /// <summary>Indexes smaller than this are searched with every term.</summary>
    public const int SelectFromPapers = 2000;

    /// <summary>
    /// For long queries on large indexes, leaves out the most common terms (in more than
    /// <see cref="CommonTermFraction"/> of papers) as long as <see cref="MinInformativeTerms"/> rarer ones remain, and keeps
    /// at most <see cref="MaxSearchTerms"/> of the rarest: common terms add little to BM25 but cost a scan of long
    /// doclists. The counts are asked for only when a selection is made. Shared by the FTS5 and in-memory searches.
    /// </summary>
    public static IReadOnlyList<T> SelectInformative<T>(IReadOnlyList<T> terms, Func<long> paperCount, Func<T, long> documentFrequency)
    {
        if (terms.Count <= MinInformativeTerms)
        {
            return terms;
        }

        var total = paperCount();
        if (total < SelectFromPapers)
        {
            return terms;
        }

        var ranked = terms.Select(t => (Term: t, Df: documentFrequency(t))).OrderBy(x => x.Df).ToList();
        var informative = ranked.Where(x => x.Df <= total * CommonTermFraction).ToList();
        var chosen = informative.Count >= MinInformativeTerms ? informative : ranked.Take(Math.Max(MinInformativeTerms, informative.Count)).ToList();
        return chosen.Take(MaxSearchTerms).Select(x => x.Term).ToList();
    }

    /// <summary>The MATCH expression, or null when the text has no searchable words.</summary>
    public static string? Build(string text) => Build(Terms(text));

    /// <summary>The MATCH expression OR-ing terms produced by <see cref="Terms"/> (letters and digits only, so quoting is safe).</summary>
    public static string? Build(IReadOnlyList<string> terms) =>
        terms.Count == 0 ? null : string.Join(" OR ", terms.Select(t => "\"" + t + "\""));

    /// <summary>The MATCH expression requiring every term (a name of several words: "swe" "bench"), or null without terms.</summary>
    public static string? BuildAll(IReadOnlyList<string> terms) =>
        terms.Count == 0 ? null : string.Join(' ', terms.Select(t => "\"" + t + "\""));
}
