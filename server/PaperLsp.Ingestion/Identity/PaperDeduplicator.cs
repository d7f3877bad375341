using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Identity;

/// <summary>
/// Merges a stream of paper records into unique papers using <see cref="PaperIdentity.Keys"/> and <see cref="PaperMerger.Merge"/>.
/// Two records with different arXiv ids are never merged, even when their titles fold to the same key.
/// Not thread-safe.
/// </summary>
public sealed class PaperDeduplicator
{
    private readonly List<Paper> papers = [];
    private readonly Dictionary<string, int> indexByKey = new(StringComparer.Ordinal);

    /// <summary>The unique papers so far, in order of first appearance.</summary>
    public IReadOnlyList<Paper> Papers => papers;

    /// <summary>Number of unique papers so far.</summary>
    public int Count => papers.Count;

    /// <summary>Number of records that were merged into an earlier one.</summary>
    public int DuplicatesMerged { get; private set; }

    /// <summary>Merges the records of <paramref name="records"/> into unique papers.</summary>
    public static IReadOnlyList<Paper> Deduplicate(IEnumerable<Paper> records)
    {
        var deduplicator = new PaperDeduplicator();
        foreach (var paper in records)
        {
            deduplicator.Add(paper);
        }

        return deduplicator.Papers;
    }

    /// <summary>Adds one record; returns the unique paper it became part of (merged or new).</summary>
    public Paper Add(Paper paper)
    {
        var keys = PaperIdentity.Keys(paper);
        var index = -1;
        foreach (var key in keys)
        {
            if (indexByKey.TryGetValue(key, out var candidate) && !ConflictingArxivIds(papers[candidate], paper))
            {
                index = candidate;
                break;
            }
        }

        Paper result;
        if (index < 0)
        {
            index = papers.Count;
            result = paper;
            papers.Add(result);
        }
        else
        {
            result = PaperMerger.Merge(papers[index], paper);
            papers[index] = result;
            DuplicatesMerged++;
        }

        foreach (var key in PaperIdentity.Keys(result))
        {
            indexByKey.TryAdd(key, index);
        }

        return result;
    }

    /// <summary>The unique paper that has <paramref name="key"/> (as made by <see cref="PaperIdentity.Keys"/>), if any.</summary>
    public Paper? Find(string key) => indexByKey.TryGetValue(key, out var index) ? papers[index] : null;

    private static bool ConflictingArxivIds(Paper a, Paper b) =>
        a.ArxivId is not null && b.ArxivId is not null && !string.Equals(a.ArxivId, b.ArxivId, StringComparison.Ordinal);
}
