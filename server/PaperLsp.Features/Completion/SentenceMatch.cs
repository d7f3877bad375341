using PaperLsp.Features.Papers;

namespace PaperLsp.Features.Completion;

/// <summary>
/// How well a sentence matches each of a small set of candidate papers, from their text alone: BM25 among the
/// candidates (title words count twice; term rarity from the candidates themselves), as a fraction of the best
/// candidate's; and whether a name the sentence uses (an acronym, a CamelCase or mid-sentence capitalised word such as
/// MCTS, AlphaEvolve, Reflexion) opens the title.
/// </summary>
internal static class SentenceMatch
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const int AbstractWords = 160;

    /// <summary>Local BM25 of <paramref name="query"/> against each (title, abstract), divided by the best (0..1).</summary>
    public static double[] Lexical(string query, IReadOnlyList<(string Title, string Abstract)> documents)
    {
        var scores = new double[documents.Count];
        var queryWords = ContextOverlap.ContentWords(query);
        if (queryWords.Count == 0 || documents.Count == 0)
        {
            return scores;
        }

        var termCounts = new Dictionary<string, int>[documents.Count];
        var lengths = new int[documents.Count];
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var d = 0; d < documents.Count; d++)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var word in ContextOverlap.Words(documents[d].Title))
            {
                counts[word] = counts.GetValueOrDefault(word) + 2;
                lengths[d] += 2;
            }

            foreach (var word in ContextOverlap.Words(documents[d].Abstract).Take(AbstractWords))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
                lengths[d]++;
            }

            termCounts[d] = counts;
            foreach (var word in counts.Keys)
            {
                if (queryWords.Contains(word))
                {
                    df[word] = df.GetValueOrDefault(word) + 1;
                }
            }
        }

        var averageLength = Math.Max(1.0, lengths.Average());
        double n = documents.Count;
        var best = 0.0;
        for (var d = 0; d < documents.Count; d++)
        {
            var score = 0.0;
            foreach (var (word, documentFrequency) in df)
            {
                if (termCounts[d].TryGetValue(word, out var tf))
                {
                    var idf = Math.Log(1 + ((n - documentFrequency + 0.5) / (documentFrequency + 0.5)));
                    score += idf * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * lengths[d] / averageLength))));
                }
            }

            scores[d] = score;
            best = Math.Max(best, score);
        }

        if (best > 0)
        {
            for (var d = 0; d < scores.Length; d++)
            {
                scores[d] /= best;
            }
        }

        return scores;
    }

    /// <summary>Names in the sentence: acronyms, CamelCase words, capitalised words not opening a sentence (lower-cased).</summary>
    public static HashSet<string> Names(string sentence)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tokens = sentence.Split([' ', '\t', '\n', ',', ';', ':', '(', ')', '"', '\'', '[', ']', '{', '}'], StringSplitOptions.RemoveEmptyEntries);
        var sentenceStart = true;
        foreach (var raw in tokens)
        {
            var token = raw.TrimEnd('.', '!', '?');
            var opensSentence = sentenceStart;
            sentenceStart = raw.Length > 0 && raw[^1] is '.' or '!' or '?';
            if (token.Length < 3 || !char.IsLetter(token[0]))
            {
                continue;
            }

            var innerUpper = token.Skip(1).Any(char.IsUpper);
            var capitalised = char.IsUpper(token[0]) && !opensSentence;
            if ((innerUpper || capitalised) && !ContextOverlap.IsStopWord(token.ToLowerInvariant()))
            {
                names.Add(token.ToLowerInvariant());
            }
        }

        return names;
    }

    /// <summary>
    /// Per title: 1 when one of the names opens it (before any ':'), 0.5 when it has one as a word, else 0. Names found in
    /// more than a few of the titles (LLM, GPT) say nothing about which paper is meant and are ignored.
    /// </summary>
    public static double[] NamesInTitles(HashSet<string> names, IReadOnlyList<string> titles)
    {
        var scores = new double[titles.Count];
        if (names.Count == 0 || titles.Count == 0)
        {
            return scores;
        }

        var lowered = titles.Select(t => t.ToLowerInvariant()).ToList();
        var tooCommon = Math.Max(3, titles.Count / 10);
        foreach (var name in names)
        {
            var found = new List<(int Index, double Score)>();
            for (var t = 0; t < lowered.Count; t++)
            {
                var title = lowered[t];
                var colon = title.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && ContainsWord(title[..colon], name))
                {
                    found.Add((t, 1.0));
                }
                else if (ContainsWord(title, name))
                {
                    found.Add((t, 0.5));
                }
            }

            if (found.Count <= tooCommon)
            {
                foreach (var (index, score) in found)
                {
                    scores[index] = Math.Max(scores[index], score);
                }
            }
        }

        return scores;
    }

    private static bool ContainsWord(string text, string word)
    {
        var at = 0;
        while ((at = text.IndexOf(word, at, StringComparison.Ordinal)) >= 0)
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + word.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }

            at = end;
        }

        return false;
    }
}
