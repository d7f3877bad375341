using System.Collections.Concurrent;

namespace PaperLsp.Retrieval;

/// <summary>
/// The catalog's one rule for a bounded cache: what was used lately stays. At most <see cref="Capacity"/> entries, in two
/// generations: new entries go into the current one; when it is full it becomes the previous one (the one before is
/// dropped) and an entry found there moves back into the current one. So the entries of the sentence being typed (its
/// candidate pool and ranking, its papers, read on every keystroke) stay, while entries nothing has used for a while go.
/// Emptying a cache whole when it was full, as the catalog did before, let the keystroke after it recompute the sentence's
/// ranking (a sentence's pool takes 15–35 ms at 237k papers). Safe for concurrent use;
/// a value computed twice at once (<see cref="GetOrAdd"/>) keeps the one stored last.
/// </summary>
internal sealed class RecentCache<TKey, TValue>
    where TKey : notnull
{
    private readonly Lock gate = new();
    private readonly IEqualityComparer<TKey>? comparer;
    private ConcurrentDictionary<TKey, TValue> current;
    private ConcurrentDictionary<TKey, TValue> previous;

    public RecentCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
        this.comparer = comparer;
        current = New();
        previous = New();
    }

    /// <summary>The most entries kept (both generations together).</summary>
    public int Capacity { get; }

    /// <summary>Entries kept now.</summary>
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

    /// <summary>The value kept for <paramref name="key"/>; one found in the previous generation moves into the current one.</summary>
    public bool TryGetValue(TKey key, out TValue value)
    {
        ConcurrentDictionary<TKey, TValue> now, before;
        lock (gate)
        {
            now = current;
            before = previous;
        }

        if (now.TryGetValue(key, out value!))
        {
            return true;
        }

        if (before.TryGetValue(key, out value!))
        {
            Set(key, value);
            return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="key"/> is kept (without counting as a use).</summary>
    public bool ContainsKey(TKey key)
    {
        lock (gate)
        {
            return current.ContainsKey(key) || previous.ContainsKey(key);
        }
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="key"/> in the current generation.</summary>
    public void Set(TKey key, TValue value)
    {
        lock (gate)
        {
            if (!current.ContainsKey(key) && current.Count >= Capacity / 2)
            {
                previous = current;
                current = New();
            }

            current[key] = value;
        }
    }

    /// <summary>The value kept for <paramref name="key"/>, or <paramref name="compute"/>'s (outside the lock), then kept.</summary>
    public TValue GetOrAdd(TKey key, Func<TValue> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (TryGetValue(key, out var kept))
        {
            return kept;
        }

        var value = compute();
        Set(key, value);
        return value;
    }

    public void Clear()
    {
        lock (gate)
        {
            current = New();
            previous = New();
        }
    }

    private ConcurrentDictionary<TKey, TValue> New() => comparer is null ? new() : new(comparer);
}
