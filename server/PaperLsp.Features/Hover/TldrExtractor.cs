using PaperLsp.Features.Context;

namespace PaperLsp.Features.Hover;

/// <summary>
/// An extractive TL;DR of an abstract: the sentence that states what the paper does ("we propose…", "this
/// paper…") first, then one about its own method or a result with numbers, preferred over background sentences; the
/// first sentence when none stands out.
/// </summary>
public static class TldrExtractor
{
    // What the paper does ("we propose…", "this paper…") is what a TL;DR should say first; "our method/results…"
    // sentences usually report numbers, which only come second.
    private static readonly string[] ContributionCues =
    [
        "we propose", "we introduce", "we present", "we develop", "we design", "we release", "we show", "we demonstrate",
        "we find", "we describe", "we study", "we investigate", "we construct", "we build", "we formulate",
        "this paper", "in this work", "this work", "here we", "we call", "we term", "to address", "to this end",
    ];

    private static readonly string[] OwnWorkCues =
    [
        "our method", "our approach", "our model", "our framework", "our results", "we then",
    ];

    private static readonly string[] ResultCues =
    [
        "outperform", "improv", "achiev", "state-of-the-art", "state of the art", "sota", "accuracy", "faster", "speedup",
        "reduc", "surpass", "gains", "better than", "matches", "boost",
    ];

    private static readonly string[] BackgroundCues =
    [
        "recent", "however", "has been", "have been", "remain", "challeng", "existing", "traditional", "despite",
        "widely", "have shown", "has shown", "is a ", "are a ", "is an ", "has emerged", "have emerged", "growing",
        "increasingly", "limited", "suffer", "struggle",
    ];

    /// <summary>Up to <paramref name="maxSentences"/> sentences of the abstract, in their original order; "" for an empty abstract.</summary>
    public static string Extract(string? abstractText, int maxSentences = 2, int maxChars = 420)
    {
        if (string.IsNullOrWhiteSpace(abstractText))
        {
            return "";
        }

        var text = string.Join(' ', abstractText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var sentences = SentenceSplitter.Split(text).Select(s => text[s.Start..s.End]).Where(s => s.Length > 0).ToList();
        if (sentences.Count == 0)
        {
            return Truncate(text, maxChars);
        }

        var scored = sentences.Select((s, i) => (Sentence: s, Index: i, Score: Score(s, i))).ToList();
        var best = scored.OrderByDescending(s => s.Score).ThenBy(s => s.Index).ToList();
        if (best[0].Score <= 0)
        {
            return Truncate(sentences[0], maxChars);
        }

        var chosen = new List<(string Sentence, int Index, double Score)> { best[0] };
        foreach (var candidate in best.Skip(1))
        {
            if (chosen.Count >= maxSentences || candidate.Score < 0.9)
            {
                break;
            }

            if (chosen.Sum(c => c.Sentence.Length) + candidate.Sentence.Length + 1 <= maxChars)
            {
                chosen.Add(candidate);
            }
        }

        return Truncate(string.Join(' ', chosen.OrderBy(c => c.Index).Select(c => c.Sentence)), maxChars);
    }

    private static double Score(string sentence, int index)
    {
        var lower = sentence.ToLowerInvariant();
        double score = 0;
        if (ContributionCues.Any(c => lower.Contains(c, StringComparison.Ordinal)))
        {
            score += 3;
        }
        else if (OwnWorkCues.Any(c => lower.Contains(c, StringComparison.Ordinal)))
        {
            score += 1.5;
        }

        if (lower.Any(char.IsDigit) && ResultCues.Any(c => lower.Contains(c, StringComparison.Ordinal)))
        {
            score += 1;
        }
        else if (ResultCues.Any(c => lower.Contains(c, StringComparison.Ordinal)))
        {
            score += 0.5;
        }

        if (BackgroundCues.Any(c => lower.Contains(c, StringComparison.Ordinal)))
        {
            score -= 1.5;
        }

        if (sentence.Length < 30)
        {
            score -= 1;
        }

        return score - (0.05 * index);
    }

    private static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', maxChars - 1);
        return text[..(cut > maxChars / 2 ? cut : maxChars - 1)].TrimEnd(',', ';', ' ') + "…";
    }
}
