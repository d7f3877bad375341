using System.Collections.Concurrent;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;

namespace PaperLsp.Features.Hover;

/// <summary>
/// Hover cards (Markdown, or null for an unknown key) already built, per key, for one state of what a card is made from:
/// the catalog instance and its <see cref="IPaperCatalog.ContentVersion"/>, the workspace .bib snapshot (its entry list)
/// and the number of related papers. Any change of these empties it, so a kept card is always the card that building it
/// again would give. A catalog without a content version is never cached. Safe for concurrent use.
/// </summary>
public sealed class HoverCardCache
{
    /// <summary>The most cards kept (a document cites tens to a few hundred keys); the cache is emptied when full.</summary>
    public const int MaxCards = 4096;

    private readonly Lock gate = new();
    private State? state;

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
        var current = Volatile.Read(ref state);
        if (current is not null && current.Key.Equals(token) && current.Cards.TryGetValue(key, out markdown))
        {
            return true;
        }

        markdown = null;
        return false;
    }

    /// <summary>Keeps a card built under <paramref name="token"/> (a newer token replaces every card of the older state).</summary>
    internal void Add(object token, string key, string? markdown)
    {
        lock (gate)
        {
            if (state is null || !state.Key.Equals(token) || state.Cards.Count >= MaxCards)
            {
                state = new State((StateKey)token);
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
