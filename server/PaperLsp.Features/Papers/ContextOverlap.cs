using System.Text;

namespace PaperLsp.Features.Papers;

/// <summary>A cheap lexical relatedness between the writing context and a paper title/abstract (for .bib entries the catalog does not know).</summary>
internal static class ContextOverlap
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "that", "this", "from", "are", "was", "were", "our", "their", "its", "which", "into",
        "using", "use", "based", "via", "towards", "toward", "can", "has", "have", "been", "such", "these", "those", "than",
        "not", "but", "also", "more", "most", "other", "all", "new", "two", "one", "how", "what", "when", "where", "who",
        "prior", "work", "works", "recent", "shown", "show", "shows", "paper", "papers", "approach", "method", "methods",
    };

    public static HashSet<string> ContentWords(string text) => new(Words(text), StringComparer.Ordinal);

    /// <summary>True for words too common in papers to say what one is about.</summary>
    public static bool IsStopWord(string lowerCaseWord) => StopWords.Contains(lowerCaseWord);

    /// <summary>The content words of a text in order (lower-cased, lightly stemmed, stop words and words under 3 chars left out).</summary>
    public static IEnumerable<string> Words(string text)
    {
        var position = 0;
        while (NextWord(text, ref position) is { } word)
        {
            yield return word;
        }
    }

    /// <summary>
    /// The next content word of <paramref name="text"/> at or after <paramref name="position"/> (moved past it), or null at
    /// the end: the one rule <see cref="Words"/> follows, for callers that count words without an enumerator.
    /// </summary>
    public static string? NextWord(string text, ref int position)
    {
        var i = position;
        while (true)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                position = text.Length;
                return null;
            }

            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i - start >= 3)
            {
                var word = WordAt(text, start, i - start);
                if (word.Length > MaxStopWordLength || !StopWords.Contains(word))
                {
                    position = i;
                    return word;
                }
            }
        }
    }

    /// <summary>Fraction of the title's content words that occur in the context (0..1).</summary>
    public static double Score(HashSet<string> contextWords, string title)
    {
        if (contextWords.Count == 0)
        {
            return 0;
        }

        var titleWords = ContentWords(title);
        if (titleWords.Count == 0)
        {
            return 0;
        }

        var shared = titleWords.Count(contextWords.Contains);
        return (double)shared / titleWords.Count;
    }

    /// <summary>
    /// The lower-cased, stemmed word at text[start..start+length], as <c>Stem(text[start..end].ToLowerInvariant())</c>: a
    /// word seen before is usually the string kept from then (<see cref="Known"/>), so scoring the same abstracts keystroke
    /// after keystroke allocates few new words.
    /// </summary>
    private static string WordAt(string text, int start, int length)
    {
        if (length > MaxKnownLength)
        {
            return Stem(text.Substring(start, length).ToLowerInvariant());
        }

        Span<char> buffer = stackalloc char[MaxKnownLength];
        var lower = buffer[..length];
        var source = text.AsSpan(start, length);
        if (Ascii.IsValid(source))
        {
            Ascii.ToLower(source, lower, out _);
        }
        else
        {
            source.ToLowerInvariant(lower);
        }

        ReadOnlySpan<char> stem = StemLength(lower);
        var slot = (int)(SlotHash(stem) & (KnownSlots - 1));
        var known = Volatile.Read(ref Known[slot]);
        if (known is not null && stem.SequenceEqual(known))
        {
            return known;
        }

        var word = new string(stem);
        Volatile.Write(ref Known[slot], word); // a word whose hash shares the slot is replaced: only sharing is lost
        return word;
    }

    /// <summary>
    /// The slot hash of a word (FNV-1a over its characters): cheaper than the runtime's seeded string hash, and nothing
    /// needs protecting here (a collision only replaces the kept string).
    /// </summary>
    private static uint SlotHash(ReadOnlySpan<char> word)
    {
        var hash = 2166136261u;
        foreach (var c in word)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash ^ (hash >> 15);
    }

    /// <summary>The longest stop word: longer words are never looked up in <see cref="StopWords"/>.</summary>
    private static readonly int MaxStopWordLength = StopWords.Max(w => w.Length);

    /// <summary>
    /// Words seen so far, one per slot by hash: a fixed table read without locks, never grown or cleared at once (the
    /// concurrent dictionary it replaces took a lock per new word, rehashed while growing and emptied itself at 100,000
    /// words, each a pause in the keystroke that met it).
    /// </summary>
    private static readonly string?[] Known = new string?[KnownSlots];

    private const int KnownSlots = 1 << 17;

    private const int MaxKnownLength = 64;

    /// <summary>The span <see cref="Stem"/> keeps of a lower-cased word.</summary>
    private static ReadOnlySpan<char> StemLength(ReadOnlySpan<char> word)
    {
        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
        {
            return word[..^3];
        }

        if (word.Length > 4 && word.EndsWith("es", StringComparison.Ordinal) && !word.EndsWith("ses", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }

    private static string Stem(string word)
    {
        var kept = StemLength(word).Length;
        return kept == word.Length ? word : word[..kept];
    }
}
