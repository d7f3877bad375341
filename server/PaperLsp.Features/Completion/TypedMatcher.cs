using PaperLsp.Features.Papers;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Completion;

/// <summary>
/// How well what the user typed matches a candidate (0 = not at all, 1 = key prefix): key prefix / substring /
/// subsequence ("vasw" → vaswani2017attention), title-word prefix ("attention"), author-surname prefix.
/// </summary>
internal static class TypedMatcher
{
    /// <summary>
    /// Up to this many typed characters (by default), a match that is not a key prefix (a letter somewhere in the key, a
    /// title word or surname starting with those letters) says little: many candidates have one.
    /// </summary>
    public const int ShortTyped = 3;

    /// <param name="shortWeight">Factor on matches other than a key prefix while at most <paramref name="shortLength"/> characters are typed.</param>
    public static double Score(string typed, string key, Paper paper, double shortWeight = 1.0, int shortLength = ShortTyped)
    {
        if (typed.Length == 0)
        {
            return 0;
        }

        if (key.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
        {
            return 1.0;
        }

        var other = OtherMatch(typed, key, paper);
        return typed.Length <= shortLength ? other * shortWeight : other;
    }

    private static double OtherMatch(string typed, string key, Paper paper)
    {

        double best = 0;
        if (key.Contains(typed, StringComparison.OrdinalIgnoreCase))
        {
            best = 0.8;
        }

        var needle = typed.ToLowerInvariant();
        if (needle.Length >= 2)
        {
            // surnames and title words derived once per paper (TypedFacets), not per keystroke
            var surnames = TypedFacets.SurnamesOf(paper.Authors);
            for (var a = 0; a < surnames.Written.Length; a++)
            {
                if (surnames.Written[a].StartsWith(typed, StringComparison.OrdinalIgnoreCase) || surnames.Folded[a].StartsWith(needle, StringComparison.Ordinal))
                {
                    best = Math.Max(best, 0.8);
                    break;
                }
            }

            foreach (var word in TypedFacets.WordsOf(paper.Title))
            {
                if (word.StartsWith(needle, StringComparison.Ordinal))
                {
                    best = Math.Max(best, word.Length == needle.Length ? 0.8 : 0.75);
                }
                else if (needle.Length >= 4 && word.Contains(needle, StringComparison.Ordinal))
                {
                    best = Math.Max(best, 0.5);
                }
            }
        }

        if (best < 0.6)
        {
            var subsequence = SubsequenceScore(needle, key.ToLowerInvariant());
            best = Math.Max(best, subsequence * 0.6);
        }

        return best;
    }

    /// <summary>1 when the needle's chars appear in order in a tight window of the key, less as the window spreads; 0 when not a subsequence.</summary>
    private static double SubsequenceScore(string needle, string key)
    {
        if (needle.Length < 2 || key.Length == 0 || char.ToLowerInvariant(key[0]) != needle[0])
        {
            return 0;
        }

        var k = 0;
        var firstMatch = -1;
        foreach (var ch in needle)
        {
            while (k < key.Length && key[k] != ch)
            {
                k++;
            }

            if (k >= key.Length)
            {
                return 0;
            }

            firstMatch = firstMatch < 0 ? k : firstMatch;
            k++;
        }

        var span = k - firstMatch;
        return (double)needle.Length / span;
    }
}
