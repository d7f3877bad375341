using System.Collections.Concurrent;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;

namespace PaperLsp.Features.Hover;

/// <summary>
/// Hover cards (Markdown, or null for an unknown key) already built, per key, for one state of what a card is made from:
/// the catalog instance and its <see cref="IPaperCatalog.ContentVersion"/>, the workspace .bib snapshot (its entry list)
/// and the number of related papers. Any change of these empties it, so a kept card is always the card that building it
/// again would give. A catalog without a content version is never cached. The state before the current one is kept
/// beside it, so that a card finished late for it (a background build that started before the catalog changed) does
/// not drop the cards already kept for the current one. Safe for concurrent use.
/// </summary>
public sealed class HoverCardCache
{
    /// <summary>The most cards kept (a document cites tens to a few hundred keys); the cache is emptied when full.</summary>
    public const int MaxCards = 4096;

    private readonly Lock gate = new();
    private State? state;
    private State? previous;

    /// <summary>Cards built so far for the current state (for tests and logs).</summary>
    public int Count => Volatile.Read(ref state)?.Cards.Count ?? 0;

    /// <summary>The state's token for a card built now from <paramref name="catalog"/> and <paramref name="bibliography"/>; null: not cacheable.</summary>
    internal object? Token(IPaperCatalog catalog, WorkspaceBibliography bibliography, int relatedCount)
    {
        // The .bib snapshot is read before the catalog version, and both before the card is built: a card is never kept
        // under a state older than the one it was built from.
        var entries = bibliography.Entries;
        return catalog.ContentVersion is { } version ? new StateKey(catalog, version, entries, relatedCount) : null;
    }

    /// <summary>The card kept for <paramref name="key"/> under <paramref name="token"/>; false when none.</summary>
    internal bool TryGet(object token, string key, out string? markdown)
    {
        foreach (var kept in new[] { Volatile.Read(ref state), Volatile.Read(ref previous) })
        {
            if (kept is not null && kept.Key.Equals(token) && kept.Cards.TryGetValue(key, out markdown))
            {
                return true;
            }
        }

        markdown = null;
        return false;
    }

    /// <summary>
    /// Keeps a card built under <paramref name="token"/>: in the current state, or the one before it when the token is
    /// that one's (a late card); another token starts a new current state (the one before the current is dropped).
    /// </summary>
    internal void Add(object token, string key, string? markdown)
    {
        lock (gate)
        {
            if (previous is not null && previous.Key.Equals(token) && (state is null || !state.Key.Equals(token)))
            {
                if (previous.Cards.Count < MaxCards)
                {
                    previous.Cards[key] = markdown;
                }

                return;
            }

            if (state is null || !state.Key.Equals(token) || state.Cards.Count >= MaxCards)
            {
                Volatile.Write(ref previous, state is not null && !state.Key.Equals(token) ? state : null);
                Volatile.Write(ref state, new State((StateKey)token));
            }

            state.Cards[key] = markdown;
        }
    }

    /// <summary>True when a card for <paramref name="key"/> is kept for the current state of the catalog and the .bib.</summary>
    public bool Contains(IPaperCatalog catalog, WorkspaceBibliography bibliography, string key, int relatedCount = HoverCardBuilder.DefaultRelatedCount)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bibliography);
        return Token(catalog, bibliography, relatedCount) is { } token && TryGet(token, key, out _);
    }

    private sealed record StateKey(IPaperCatalog Catalog, string Version, IReadOnlyList<WorkspaceBibEntry> Entries, int RelatedCount)
    {
        // Reference identity for the catalog and the .bib snapshot (a new snapshot is a new list).
        public bool Equals(StateKey? other) =>
            other is not null && ReferenceEquals(Catalog, other.Catalog) && ReferenceEquals(Entries, other.Entries)
            && string.Equals(Version, other.Version, StringComparison.Ordinal) && RelatedCount == other.RelatedCount;

        public override int GetHashCode() => HashCode.Combine(
            System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Catalog), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Entries), Version, RelatedCount);
    }

    private sealed class State(StateKey key)
    {
        public StateKey Key { get; } = key;

        public ConcurrentDictionary<string, string?> Cards { get; } = new(StringComparer.Ordinal);
    }
}
