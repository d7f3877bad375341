using System.Collections.Concurrent;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Retrieval;

/// <summary>
/// The parsed paper records a catalog answered with lately, at most <see cref="Capacity"/> of them, in two generations:
/// new records go into the current one; when it is full it becomes the previous one (the one before is dropped) and a
/// record found there moves back into the current one. So the papers of the sentence being typed (its candidate pool,
/// read on every keystroke) stay, while papers no answer has used for a while go, with what completion derived from
/// them (their term counts live as long as their strings). Emptying everything when full, as before, made the next
/// keystroke re-read and re-derive the whole pool; keeping 20,000 records let a typing session hold tens of MiB.
/// Safe for concurrent use.
/// </summary>
internal sealed class RecentPapers
{
    private readonly Lock gate = new();
    private ConcurrentDictionary<long, StoredPaper> current = new();
    private ConcurrentDictionary<long, StoredPaper> previous = new();

    public RecentPapers(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
    }

    /// <summary>The most records kept (both generations together).</summary>
    public int Capacity { get; }

    /// <summary>Records kept now.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return current.Count + previous.Count;
            }
        }
    }

    public bool TryGet(long id, out StoredPaper paper)
    {
        ConcurrentDictionary<long, StoredPaper> now, before;
        lock (gate)
        {
            now = current;
            before = previous;
        }

        if (now.TryGetValue(id, out paper!))
        {
            return true;
        }

        if (before.TryGetValue(id, out paper!))
        {
            Add(paper);
            return true;
        }

        return false;
    }

    public void Add(StoredPaper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        lock (gate)
        {
            if (!current.ContainsKey(paper.Id) && current.Count >= Capacity / 2)
            {
                previous = current;
                current = new ConcurrentDictionary<long, StoredPaper>();
            }

            current[paper.Id] = paper;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            current = new ConcurrentDictionary<long, StoredPaper>();
            previous = new ConcurrentDictionary<long, StoredPaper>();
        }
    }
}
