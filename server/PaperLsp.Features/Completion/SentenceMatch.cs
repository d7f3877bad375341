using System.Runtime.InteropServices;
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
    internal const int AbstractWords = 160;

    /// <summary>Local BM25 of <paramref name="query"/> against each (title, abstract), divided by the best (0..1).</summary>
    public static double[] Lexical(string query, IReadOnlyList<(string Title, string Abstract)> documents)
    {
        var scores = new double[documents.Count];
        var queryWords = ContextOverlap.ContentWords(query);
        if (queryWords.Count == 0 || documents.Count == 0)
        {
            return scores;
        }

        // Which query words each candidate has, walking its words once: the query words get an index in the order first met
        // (candidate by candidate), and each candidate's score sums its words' terms in that order.
        var lengths = new int[documents.Count];
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        var df = new List<int>();
        var found = new List<(int Word, int Count)>();
        var foundStart = new int[documents.Count + 1];
        for (var d = 0; d < documents.Count; d++)
        {
            // read-only from here on: the counts are shared by every call that scores this (title, abstract)
            var counts = CandidateText.Of(documents[d].Title, documents[d].Abstract).Counts();
            lengths[d] = counts.Length;
            foundStart[d] = found.Count;
            var words = counts.Words;
            for (var i = 0; i < words.Length; i++)
            {
                if (queryWords.Contains(words[i]))
                {
                    ref var at = ref CollectionsMarshal.GetValueRefOrAddDefault(order, words[i], out var seen);
                    if (!seen)
                    {
                        at = df.Count;
                        df.Add(0);
                    }

                    CollectionsMarshal.AsSpan(df)[at]++;
                    found.Add((at, counts.Counts[i]));
                }
            }

            foundStart[d + 1] = found.Count;
        }

        var averageLength = Math.Max(1.0, lengths.Average());
        double n = documents.Count;
        var idf = new double[df.Count];
        for (var word = 0; word < df.Count; word++)
        {
            idf[word] = Math.Log(1 + ((n - df[word] + 0.5) / (df[word] + 0.5)));
        }

        var matches = CollectionsMarshal.AsSpan(found);
        var best = 0.0;
        for (var d = 0; d < documents.Count; d++)
        {
            var own = matches[foundStart[d]..foundStart[d + 1]];
            own.Sort(static (a, b) => a.Word.CompareTo(b.Word));
            var score = 0.0;
            foreach (var (word, tf) in own)
            {
                score += idf[word] * tf * (K1 + 1) / (tf + (K1 * (1 - B + (B * lengths[d] / averageLength))));
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
    public static Dictionary<string, double> Names(string textBefore, double fartherWeight = 0.5) => Names(textBefore, fartherWeight, null);

    /// <summary>
    /// <see cref="Names(string, double)"/>, also filling <paramref name="written"/> with how the writer wrote each one-word
    /// name (the last time; <see cref="WrittenName"/>), for <see cref="IntroducedBy"/> and <see cref="NameMatches"/>.
    /// </summary>
    public static Dictionary<string, double> Names(string textBefore, double fartherWeight, Dictionary<string, WrittenName>? written)
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
                written?[token.ToLowerInvariant()] = new WrittenName(token, null);
                foreach (var variant in Variants(token.ToLowerInvariant()))
                {
                    Put(variant, t);
                }
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

        foreach (var (name, how) in written?.ToList() ?? [])
        {
            written![name] = how with { Expansion = ExpansionBefore(textBefore, how.Spelling) };
        }

        return names;
    }

    /// <summary>
    /// The words a name stands for where the text spells it out just before it in parentheses ("Reversal of Thought (RoT)"
    /// → "reversal of thought": the fewest words before the last "(RoT)" or "(RoTs)" whose initials are the name's
    /// letters), or null.
    /// </summary>
    private static string? ExpansionBefore(string text, string spelling)
    {
        var letters = Letters(spelling.ToLowerInvariant());
        var at = text.Length;
        while (letters.Length >= 2 && at > 0 && (at = text.LastIndexOf("(" + spelling, at - 1, StringComparison.Ordinal)) >= 0)
        {
            var end = at + 1 + spelling.Length;
            if (end < text.Length && text[end] is ')' or 's')
            {
                var words = TypedFacets.Words(text[Math.Max(0, at - 200)..at]).ToList();
                for (var k = 1; k <= Math.Min(words.Count, letters.Length + 3); k++)
                {
                    var tail = words[^k..];
                    if (string.Concat(tail.Select(w => w[0])) == letters)
                    {
                        return string.Join(' ', tail);
                    }
                }

                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the (lower-case) abstract spells out the acronym whose '(' is at <paramref name="paren"/> with the writer's
    /// <paramref name="expansion"/> (true when it is unknown); a final s is ignored (models, model).
    /// </summary>
    private static bool ExpandsAs(string lowerAbstract, int paren, string? expansion)
    {
        if (expansion is null)
        {
            return true;
        }

        var expected = expansion.Split(' ');
        var words = TypedFacets.Words(lowerAbstract[Math.Max(0, paren - 200)..paren]).ToList();
        static string Singular(string word) => word.Length > 3 && word[^1] == 's' ? word[..^1] : word;
        return words.Count >= expected.Length && words[^expected.Length..].Select(Singular).SequenceEqual(expected.Select(Singular), StringComparer.Ordinal);
    }

    /// <summary>
    /// Spellings of a model or method name as titles write it: without a size suffix and with a space between letters and
    /// a version number ("llama3-8b" → "llama3", "llama 3"; "qwen2.5-7b" → "qwen2.5", "qwen 2.5").
    /// </summary>
    internal static IEnumerable<string> Variants(string name)
    {
        var cut = name.LastIndexOf('-');
        var core = cut > 0 && cut < name.Length - 2 && name[^1] is 'b' or 'm' && name[(cut + 1)..^1].All(c => char.IsDigit(c) || c == '.')
            ? name[..cut]
            : name;
        if (core != name && core.Length >= 3)
        {
            yield return core;
        }

        var split = core.AsSpan().IndexOfAnyInRange('0', '9');
        if (split >= 3 && char.IsLetter(core[split - 1]) && core[split..].All(c => char.IsDigit(c) || c == '.'))
        {
            yield return core[..split] + " " + core[split..];
        }
    }

    /// <summary>
    /// Per candidate (title, abstract): the best weighted name match: a name in the title's head (before any ':') 1, an
    /// abstract that introduces it <paramref name="defined"/> (0 = not looked for; see <see cref="Introduces"/>), the
    /// initials of the title's words 0.8 (ToT: Tree of Thoughts), a word of the title 0.5, of the abstract 0.4. Names
    /// found in more than a few of the candidates (LLM, GPT) say nothing about which paper is meant: with
    /// <paramref name="tiers"/> they still count for the few candidates that match them best (SWE-bench in one title head
    /// and twenty abstracts counts for that title), without it they are ignored. When many abstracts introduce the name,
    /// only the earliest of them (by <paramref name="years"/>) counts as introducing it.
    /// </summary>
    public static double[] NameMatches(Dictionary<string, double> names, IReadOnlyList<(string Title, string Abstract)> documents, double defined = 0, bool tiers = false, IReadOnlyList<int?>? years = null, IReadOnlyDictionary<string, WrittenName>? written = null)
    {
        var scores = new double[documents.Count];
        if (names.Count == 0 || documents.Count == 0)
        {
            return scores;
        }

        var texts = documents.Select(d => CandidateText.Of(d.Title, d.Abstract)).ToList();
        var titles = texts.Select(t => t.LowerTitle).ToList();
        var initials = texts.Select(t => t.Initials).ToList();
        var tooCommon = Math.Max(3, documents.Count / 10);
        foreach (var (name, weight) in names)
        {
            var letters = Letters(name);
            var how = written?.GetValueOrDefault(name);
            var found = new List<(int Index, double Score)>();
            var otherCase = 0; // abstracts that spell the name out otherwise (other letter cases or words): not its origin, but a sign it is common
            for (var d = 0; d < titles.Count; d++)
            {
                var title = titles[d];
                var abstractText = texts[d].LowerAbstractMentioning(name);
                var (introduces, anyWay) = defined > 0 ? Introductions(abstractText, name, letters, documents[d].Abstract, how) : default;
                if (anyWay && !introduces)
                {
                    otherCase++;
                }

                var score = InTitleHead(title, name) && !SpellsOutOtherwise(abstractText, name, letters, documents[d].Abstract, how) ? 1.0
                    : introduces ? defined
                    : name.Length >= 3 && !name.Contains(' ', StringComparison.Ordinal) && initials[d].StartsWith(name, StringComparison.Ordinal) ? 0.8
                    : ContainsWord(title, name) ? 0.5
                    : abstractText.Length > 0 && ContainsWord(abstractText, name) ? 0.4
                    : 0;
                if (score > 0)
                {
                    found.Add((d, score));
                }
            }

            // a name many abstracts spell out (GRPO) was introduced by the earliest of them: the later ones fall to "in the abstract"
            var definers = found.Where(f => f.Score == defined && defined > 0 && defined < 1).ToList();
            if (definers.Count + otherCase > tooCommon && years is not null && definers.Select(f => years[f.Index]).OfType<int>().DefaultIfEmpty().Min() is > 0 and var first)
            {
                found = found.Select(f => f.Score == defined && years[f.Index] != first ? (f.Index, 0.4) : f).ToList();
            }

            // the best-matching tiers that together stay within the few (all of them when the name is rare)
            var cutoff = double.MaxValue;
            if (found.Count <= tooCommon)
            {
                cutoff = 0;
            }
            else if (tiers)
            {
                foreach (var level in found.Select(f => f.Score).Distinct().OrderDescending())
                {
                    if (found.Count(f => f.Score >= level) > tooCommon)
                    {
                        break;
                    }

                    cutoff = level;
                }
            }

            foreach (var (index, score) in found)
            {
                if (score >= cutoff)
                {
                    scores[index] = Math.Max(scores[index], score * weight);
                }
            }
        }

        return scores;
    }

    /// <summary>
    /// Whether a paper introduces the (lower-case, one-word) name: its title's head (before any ':') has it as a word,
    /// or its abstract introduces it (<see cref="Introduces(string, string)"/>). Case-insensitive, except that with
    /// <paramref name="written"/> a spelled-out acronym must be written as the writer wrote it, in their words where they
    /// gave them, and a title head does not count when the abstract spells the name out otherwise.
    /// </summary>
    public static bool IntroducedBy(string title, string abstractText, string name, WrittenName? written = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(abstractText);
        ArgumentNullException.ThrowIfNull(name);
        var text = CandidateText.Of(title, abstractText);
        var letters = Letters(name);
        var lowerAbstract = text.LowerAbstractMentioning(name);
        return (InTitleHead(text.LowerTitle, name) && !SpellsOutOtherwise(lowerAbstract, name, letters, abstractText, written))
            || Introduces(lowerAbstract, name, letters, abstractText, written);
    }

    /// <summary>
    /// Whether the abstract spells the name out, but not as the writer wrote it (other words, or another letter case):
    /// then the paper's name is another that only looks the same ("RoT: … Reflection on search Trees (RoT)" for the
    /// writer's "Reversal of Thought (RoT)"), and its title head does not make it the one meant.
    /// </summary>
    private static bool SpellsOutOtherwise(string lowerAbstract, string name, string letters, string writtenAbstract, WrittenName? written)
    {
        if (written?.Expansion is null || letters.Length < 2)
        {
            return false;
        }

        // "(rot)" or "(rots)" after words that are not the writer's (the paper's own reading of the letters, whatever its
        // initials), unless the abstract also has the writer's reading
        var otherwise = false;
        var at = 0;
        while ((at = lowerAbstract.IndexOf("(" + name, at, StringComparison.Ordinal)) >= 0)
        {
            var end = at + 1 + name.Length;
            if (end < lowerAbstract.Length && lowerAbstract[end] is ')' or 's')
            {
                if (ExpandsAs(lowerAbstract, at, written.Expansion) && WrittenAs(writtenAbstract, lowerAbstract, at + 1, written.Spelling))
                {
                    return false;
                }

                otherwise = true;
            }

            at = end;
        }

        return otherwise;
    }

    /// <summary>Whether a (lower-case) title has a head before a ':' and the name is a word of it ("locagent: graph-guided …").</summary>
    private static bool InTitleHead(string title, string name)
    {
        var colon = title.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && ContainsWord(title.AsSpan(0, colon), name);
    }

    /// <summary>
    /// Whether a (lower-case) abstract introduces the name: spells it out before it in parentheses ("group relative policy
    /// optimization (grpo)", initials of the words before, hyphenated parts apart) or names it right after "we propose",
    /// "introduce", "present", "called", "named", "dubbed" or "termed".
    /// </summary>
    internal static bool Introduces(string abstractText, string name) => Introduces(abstractText, name, Letters(name), null, null);

    /// <summary>
    /// <see cref="Introduces(string, string)"/> with the name's letters (<see cref="Letters"/>) worked out by the caller,
    /// once per name. With the abstract as written (<paramref name="writtenAbstract"/>, the lower-cased one's original) and
    /// how the writer wrote the name (<paramref name="written"/>), a spelled-out acronym counts only where the abstract
    /// writes it in the writer's letter case and, when the writer spelled it out too, with the same words: "Very Large
    /// Language Models (VLLMs)" does not introduce the writer's vLLM, nor "Rules of Thumb (RoT)" their "Reversal of
    /// Thought (RoT)", while "(GRPO)" still introduces GRPO.
    /// </summary>
    private static bool Introduces(string abstractText, string name, string letters, string? writtenAbstract, WrittenName? written) =>
        Introductions(abstractText, name, letters, writtenAbstract, written).AsWritten;

    /// <summary>
    /// One pass of <see cref="Introduces(string, string, string, string?, WrittenName?)"/> over the abstract that answers
    /// both ways: whether it introduces the name as the writer wrote it, and whether it introduces it in any spelling
    /// (the answer without <paramref name="written"/>).
    /// </summary>
    private static (bool AsWritten, bool AnyWay) Introductions(string abstractText, string name, string letters, string? writtenAbstract, WrittenName? written)
    {
        if (abstractText.Length == 0 || name.Contains(' ', StringComparison.Ordinal))
        {
            return (false, false);
        }

        var anyWay = false;
        var at = 0;
        while ((at = abstractText.IndexOf(name, at, StringComparison.Ordinal)) >= 0)
        {
            var end = at + name.Length;
            if (at > 0 && abstractText[at - 1] == '(' && end < abstractText.Length && abstractText[end] is ')' or 's' && letters.Length >= 2)
            {
                var before = Initials(abstractText[Math.Max(0, at - 120)..(at - 1)].TrimEnd());
                if (before.EndsWith(letters, StringComparison.Ordinal))
                {
                    anyWay = true;
                    if (WrittenAs(writtenAbstract, abstractText, at, written?.Spelling) && ExpandsAs(abstractText, at - 1, written?.Expansion))
                    {
                        return (true, true);
                    }
                }
            }

            var startsWord = at == 0 || !char.IsLetterOrDigit(abstractText[at - 1]);
            var endsWord = end >= abstractText.Length || !char.IsLetterOrDigit(abstractText[end]);
            if (startsWord && endsWord)
            {
                if (IntroducedByWordBefore(abstractText.AsSpan(Math.Max(0, at - 40), at - Math.Max(0, at - 40))))
                {
                    return (true, true);
                }
            }

            at = end;
        }

        return (false, anyWay);
    }

    /// <summary>
    /// Whether one of the last three words of <paramref name="window"/> (split at spaces, commas, semicolons, '(' and '"',
    /// a trailing ':' trimmed) is a word that introduces a name ("we propose X", "called X"). Reads the window backwards
    /// without splitting it into strings: it is read at every whole-word occurrence of every name in every candidate.
    /// </summary>
    private static bool IntroducedByWordBefore(ReadOnlySpan<char> window)
    {
        var lookup = IntroducingWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var end = window.Length;
        for (var taken = 0; taken < 3; taken++)
        {
            while (end > 0 && IsWordSeparator(window[end - 1]))
            {
                end--;
            }

            if (end == 0)
            {
                return false;
            }

            var start = end;
            while (start > 0 && !IsWordSeparator(window[start - 1]))
            {
                start--;
            }

            if (lookup.Contains(window[start..end].TrimEnd(':')))
            {
                return true;
            }

            end = start;
        }

        return false;
    }

    private static bool IsWordSeparator(char c) => c is ' ' or ',' or ';' or '(' or '"';

    /// <summary>
    /// Whether the abstract as written has the writer's spelling at <paramref name="at"/> (true when either is unknown, or
    /// when lower-casing changed the abstract's length so that offsets do not carry over).
    /// </summary>
    private static bool WrittenAs(string? writtenAbstract, string lowerAbstract, int at, string? spelling) =>
        spelling is null || writtenAbstract is null || writtenAbstract.Length != lowerAbstract.Length
        || writtenAbstract.AsSpan(at, spelling.Length).SequenceEqual(spelling);

    private static readonly HashSet<string> IntroducingWords = new(StringComparer.Ordinal)
    {
        "propose", "proposes", "introduce", "introduces", "present", "presents", "called", "named", "dubbed", "termed",
    };

    /// <summary>First letters of the title's words, hyphenated parts apart ("Chain-of-Thought Prompting" → "cotp").</summary>
    internal static string Initials(string lowerTitle)
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

    /// <summary>The letters of a name, in order ("mbpp+" → "mbpp").</summary>
    private static string Letters(string name) => new(name.Where(char.IsLetter).ToArray());

    private static bool ContainsWord(ReadOnlySpan<char> text, string word)
    {
        var at = 0;
        int found;
        while ((found = text[at..].IndexOf(word, StringComparison.Ordinal)) >= 0)
        {
            at += found;
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
