using System.Runtime.InteropServices;
using PaperLsp.Features.Papers;

namespace PaperLsp.Features.Completion;

/// <summary>
/// What <see cref="SentenceMatch"/> derives from one candidate's (title, abstract) — its term counts and length for
/// local BM25 (<see cref="WordCounts"/>), the lower-cased texts and the title's initials for name matches — computed once per pair of strings and
/// kept while those strings live. A completion scores the same few hundred candidates against up to four texts (the
/// sentence, its paragraph, the section title, the listed papers), and every keystroke of a key scores most of them
/// again: re-reading each abstract every time was the larger part of a completion's work. The values are pure
/// functions of the two strings, so a cached one is the value computed afresh.
/// </summary>
/// <remarks>
/// The cache is a fixed table of <see cref="Slots"/> entries, two slots per title by the hash of its text, read
/// without locks; an entry whose title finds both taken replaces one of them. It replaced a
/// <c>ConditionalWeakTable</c>, whose lock, identity hashes and weak handles cost a sixth of a typing completion's time on the 237k
/// index (and every garbage collection walks such handles). It holds at most <see cref="Slots"/> entries strongly.
/// </remarks>
internal sealed class CandidateText
{
    // Keyed by the title string object, holding the abstract object it was computed with (the catalog and the .bib keep
    // the same string objects from keystroke to keystroke; a different abstract under the same title is recomputed).
    private static readonly CandidateText?[] Cache = new CandidateText?[Slots];

    /// <summary>How many candidates' derived texts are kept (a typing session's few sentences' worth of candidates).</summary>
    internal const int Slots = 4096;

    private readonly string title;
    private readonly string abstractText;
    private WordCounts? counts;
    private string? lowerTitle;
    private string? lowerAbstract;
    private string? initials;
    private int ascii; // 0 not yet known, 1 ASCII, 2 not (an int: read and written whole across threads)

    private CandidateText(string title, string abstractText)
    {
        this.title = title;
        this.abstractText = abstractText;
    }

    /// <summary>The (cached) derived text of a candidate.</summary>
    public static CandidateText Of(string title, string abstractText)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(abstractText);
        // two slots per title (a pair): a completion's few hundred candidates rarely find both of theirs taken by others
        // the title's text picks the slots (an object's identity hash took the runtime's slow path on every call here);
        // a hit still needs the very same string objects
        var hash = title.GetHashCode(StringComparison.Ordinal);
        var slot = hash & (Slots - 1);
        var first = Volatile.Read(ref Cache[slot]);
        if (first is not null && ReferenceEquals(first.title, title) && ReferenceEquals(first.abstractText, abstractText))
        {
            return first;
        }

        var second = Volatile.Read(ref Cache[slot ^ 1]);
        if (second is not null && ReferenceEquals(second.title, title) && ReferenceEquals(second.abstractText, abstractText))
        {
            return second;
        }

        var fresh = new CandidateText(title, abstractText);
        var into = first is null || ReferenceEquals(first.title, title) ? slot
            : second is null || ReferenceEquals(second.title, title) ? slot ^ 1
            : slot ^ ((hash >> 16) & 1); // both taken by other titles: one of them, chosen by the hash's higher bits
        Volatile.Write(ref Cache[into], fresh);
        return fresh;
    }

    /// <summary>Term counts for local BM25 (title words count twice, the abstract's first <see cref="SentenceMatch.AbstractWords"/> once), in first-seen order.</summary>
    public WordCounts Counts()
    {
        var built = Volatile.Read(ref counts);
        if (built is null)
        {
            // the words are counted in a scratch table kept per thread; only the two arrays of the result are allocated
            var index = scratch ??= new Dictionary<string, int>(InitialWords, StringComparer.Ordinal);
            var words = scratchWords ??= new List<string>(InitialWords);
            var tally = scratchCounts ??= new List<int>(InitialWords);
            index.Clear();
            words.Clear();
            tally.Clear();
            var n = 0;
            void Add(string word, int weight)
            {
                ref var at = ref CollectionsMarshal.GetValueRefOrAddDefault(index, word, out var exists);
                if (!exists)
                {
                    at = words.Count;
                    words.Add(word);
                    tally.Add(0);
                }

                CollectionsMarshal.AsSpan(tally)[at] += weight;
                n += weight;
            }

            var position = 0;
            while (ContextOverlap.NextWord(title, ref position) is { } word)
            {
                Add(word, 2);
            }

            position = 0;
            for (var taken = 0; taken < SentenceMatch.AbstractWords && ContextOverlap.NextWord(abstractText, ref position) is { } word; taken++)
            {
                Add(word, 1);
            }

            built = new WordCounts([.. words], [.. tally], n);
            Volatile.Write(ref counts, built);
            if (words.Count > MaxScratchWords)
            {
                (scratch, scratchWords, scratchCounts) = (null, null, null); // an outsized title: not kept grown per thread
            }
        }

        return built;
    }

    [ThreadStatic]
    private static Dictionary<string, int>? scratch;

    [ThreadStatic]
    private static List<string>? scratchWords;

    [ThreadStatic]
    private static List<int>? scratchCounts;

    private const int InitialWords = 128;

    private const int MaxScratchWords = 4096;

    /// <summary>The title lower-cased (invariant).</summary>
    public string LowerTitle => lowerTitle ??= title.ToLowerInvariant();

    /// <summary>The abstract lower-cased (invariant).</summary>
    public string LowerAbstract => lowerAbstract ??= abstractText.ToLowerInvariant();

    /// <summary>
    /// <see cref="LowerAbstract"/> where it may contain the (lower-case) <paramref name="name"/>, else "" (which contains
    /// no name either). An ASCII abstract is searched as written, ignoring case, which for ASCII finds exactly what the
    /// lower-cased copy would; so the copy (a few KB kept per candidate) is made only for the candidates whose abstract
    /// mentions a name of the sentence, and for the rare abstract that is not ASCII.
    /// </summary>
    public string LowerAbstractMentioning(string name)
    {
        if (lowerAbstract is { } lowered)
        {
            return lowered;
        }

        if (ascii == 0)
        {
            ascii = System.Text.Ascii.IsValid(abstractText) ? 1 : 2;
        }

        return ascii == 2 || abstractText.Contains(name, StringComparison.OrdinalIgnoreCase) ? LowerAbstract : "";
    }

    /// <summary>The initials of the lower-cased title's words (see <see cref="SentenceMatch"/>).</summary>
    public string Initials => initials ??= SentenceMatch.Initials(LowerTitle);
}
