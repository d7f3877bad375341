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

    /// <summary>
    /// Names in the text before the cursor (lower-cased, with the weight of each): acronyms, CamelCase or hyphenated
    /// names (MCTS, AlphaEvolve, SWE-Search, MBPP+), capitalised words not opening a sentence and runs of them
    /// ("Beam Search"). The name written just before the citation (within its last three words) weighs 1, the others
    /// <paramref name="fartherWeight"/>.
    /// </summary>
    public static Dictionary<string, double> Names(string textBefore, double fartherWeight = 0.5)
    {
        var names = new Dictionary<string, double>(StringComparer.Ordinal);
        var tokens = textBefore.Split([' ', '\t', '\n', '~', ',', ';', ':', '(', ')', '"', '[', ']', '{', '}'], StringSplitOptions.RemoveEmptyEntries);
        var sentenceStart = true;
        var run = new List<string>();
        void Put(string name, int index)
        {
            var weight = index >= tokens.Length - 3 ? 1.0 : fartherWeight;
            names[name] = Math.Max(names.GetValueOrDefault(name), weight);
        }

        for (var t = 0; t < tokens.Length; t++)
        {
            var raw = tokens[t];
            var token = raw.TrimEnd('.', '!', '?', '+', '\'').TrimStart('\'');
            var opensSentence = sentenceStart;
            sentenceStart = raw[^1] is '.' or '!' or '?';
            var isName = token.Length >= 2 && char.IsLetter(token[0])
                && ((token.Skip(1).Any(char.IsUpper) && token.Count(char.IsLetter) >= 2) || (char.IsUpper(token[0]) && !opensSentence))
                && !ContextOverlap.IsStopWord(token.ToLowerInvariant()) && !CommonCapitalised.Contains(token.ToLowerInvariant());
            if (isName && token.Length >= 3)
            {
                Put(token.ToLowerInvariant(), t);
            }

            if (isName && char.IsUpper(token[0]))
            {
                run.Add(token.ToLowerInvariant());
                if (run.Count >= 2)
                {
                    Put(string.Join(' ', run), t);
                }
            }
            else
            {
                run.Clear();
            }

            if (sentenceStart)
            {
                run.Clear();
            }
        }

        return names;
    }

    /// <summary>
    /// Per candidate (title, abstract): the best weighted name match: a name in the title's head (before any ':') 1, the
    /// initials of the title's words 0.8 (ToT: Tree of Thoughts), a word of the title 0.5, of the abstract 0.4. Names
    /// found in more than a few of the candidates (LLM, GPT) say nothing about which paper is meant and are ignored.
    /// </summary>
    public static double[] NameMatches(Dictionary<string, double> names, IReadOnlyList<(string Title, string Abstract)> documents)
    {
        var scores = new double[documents.Count];
        if (names.Count == 0 || documents.Count == 0)
        {
            return scores;
        }

        var lowered = documents.Select(d => (Title: d.Title.ToLowerInvariant(), Abstract: d.Abstract.ToLowerInvariant())).ToList();
        var initials = lowered.Select(d => Initials(d.Title)).ToList();
        var tooCommon = Math.Max(3, documents.Count / 10);
        foreach (var (name, weight) in names)
        {
            var found = new List<(int Index, double Score)>();
            for (var d = 0; d < lowered.Count; d++)
            {
                var (title, abstractText) = lowered[d];
                var colon = title.IndexOf(':', StringComparison.Ordinal);
                var score = colon > 0 && ContainsWord(title[..colon], name) ? 1.0
                    : name.Length >= 3 && !name.Contains(' ', StringComparison.Ordinal) && initials[d].StartsWith(name, StringComparison.Ordinal) ? 0.8
                    : ContainsWord(title, name) ? 0.5
                    : abstractText.Length > 0 && ContainsWord(abstractText, name) ? 0.4
                    : 0;
                if (score > 0)
                {
                    found.Add((d, score * weight));
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

    /// <summary>First letters of the title's words, hyphenated parts apart ("Chain-of-Thought Prompting" → "cotp").</summary>
    private static string Initials(string lowerTitle)
    {
        var builder = new System.Text.StringBuilder();
        var previousLetter = false;
        foreach (var ch in lowerTitle)
        {
            var letter = char.IsLetterOrDigit(ch);
            if (letter && !previousLetter)
            {
                builder.Append(ch);
            }

            previousLetter = letter;
        }

        return builder.ToString();
    }

    private static readonly HashSet<string> CommonCapitalised = new(StringComparer.Ordinal)
    {
        "table", "figure", "fig", "section", "appendix", "eq", "equation", "algorithm", "however", "moreover", "furthermore",
        "for", "in", "we", "our", "this", "these", "the", "a", "an", "on", "of", "and", "or", "to", "with", "by", "as", "such",
        "while", "which", "llm", "llms", "ai", "nlp", "sota", "rl", "i.e", "e.g", "et", "al",
    };

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
