using System.Runtime.CompilerServices;
using PaperLsp.Features.Papers;

namespace PaperLsp.Features.Completion;

/// <summary>
/// What <see cref="SentenceMatch"/> derives from one candidate's (title, abstract) — its term counts and length for
/// local BM25, the lower-cased texts and the title's initials for name matches — computed once per pair of strings and
/// kept while those strings live. A completion scores the same few hundred candidates against up to four texts (the
/// sentence, its paragraph, the section title, the listed papers), and every keystroke of a key scores most of them
/// again: re-reading each abstract every time was the larger part of a completion's work. The values are pure
/// functions of the two strings, so a cached one is the value computed afresh.
/// </summary>
internal sealed class CandidateText
{
    // Keyed by the title string object, holding the abstract object it was computed with (the catalog and the .bib keep
    // the same string objects from keystroke to keystroke; a different abstract under the same title is recomputed).
    private static readonly ConditionalWeakTable<string, CandidateText> Cache = new();

    private readonly string title;
    private readonly string abstractText;
    private Dictionary<string, int>? counts;
    private int length;
    private string? lowerTitle;
    private string? lowerAbstract;
    private string? initials;

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
        if (Cache.TryGetValue(title, out var cached) && ReferenceEquals(cached.abstractText, abstractText))
        {
            return cached;
        }

        var fresh = new CandidateText(title, abstractText);
        Cache.AddOrUpdate(title, fresh);
        return fresh;
    }

    /// <summary>Term counts for local BM25 (title words count twice, the abstract's first <see cref="SentenceMatch.AbstractWords"/> once), in first-seen order.</summary>
    public Dictionary<string, int> Counts(out int documentLength)
    {
        var built = Volatile.Read(ref counts);
        if (built is null)
        {
            var fresh = new Dictionary<string, int>(StringComparer.Ordinal);
            var n = 0;
            foreach (var word in ContextOverlap.Words(title))
            {
                fresh[word] = fresh.GetValueOrDefault(word) + 2;
                n += 2;
            }

            foreach (var word in ContextOverlap.Words(abstractText).Take(SentenceMatch.AbstractWords))
            {
                fresh[word] = fresh.GetValueOrDefault(word) + 1;
                n++;
            }

            length = n;
            Volatile.Write(ref counts, fresh); // published after its length: a reader that sees it sees the length
            built = fresh;
        }

        documentLength = length;
        return built;
    }

    /// <summary>The title lower-cased (invariant).</summary>
    public string LowerTitle => lowerTitle ??= title.ToLowerInvariant();

    /// <summary>The abstract lower-cased (invariant).</summary>
    public string LowerAbstract => lowerAbstract ??= abstractText.ToLowerInvariant();

    /// <summary>The initials of the lower-cased title's words (see <see cref="SentenceMatch"/>).</summary>
    public string Initials => initials ??= SentenceMatch.Initials(LowerTitle);
}
