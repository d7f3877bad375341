namespace PaperLsp.Retrieval;

/// <summary>
/// The top of a search with a typed key: the context's scores plus the typed ranking's reciprocal-rank share, in the
/// search's order (score descending, then id ascending). The context's scores are sorted once per context
/// (<see cref="Order"/>); a keystroke only merges in the few papers its typed ranking changes (<see cref="Merge"/>), the
/// same top as adding the typed ranking to a copy of every score and sorting it all.
/// </summary>
internal static class TypedTop
{
    /// <summary>The scores in the search's order: score descending, then id ascending.</summary>
    public static KeyValuePair<long, double>[] Order(IReadOnlyDictionary<long, double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var ordered = scores.ToArray();
        Array.Sort(ordered, Compare);
        return ordered;
    }

    /// <summary>
    /// The first <paramref name="limit"/> of the context's scores with <paramref name="weight"/> / (<paramref name="rrfK"/>
    /// + rank) added for each id of <paramref name="typedRanking"/> (distinct ids, best first), in the search's order.
    /// </summary>
    /// <param name="ordered">The context's scores in the search's order (<see cref="Order"/> of <paramref name="scores"/>).</param>
    /// <param name="scores">The context's scores.</param>
    /// <param name="typedRanking">The typed ranking's ids, best first, each once.</param>
    /// <param name="weight">The typed ranking's weight (nothing is added when it is not positive).</param>
    /// <param name="rrfK">The reciprocal-rank constant.</param>
    /// <param name="limit">How many to return.</param>
    public static List<KeyValuePair<long, double>> Merge(KeyValuePair<long, double>[] ordered, IReadOnlyDictionary<long, double> scores, IReadOnlyList<long> typedRanking, double weight, double rrfK, int limit)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(typedRanking);
        var changed = new Dictionary<long, double>(typedRanking.Count);
        if (weight > 0)
        {
            var rank = 0;
            foreach (var id in typedRanking)
            {
                rank++;
                changed[id] = (changed.TryGetValue(id, out var current) ? current : scores.GetValueOrDefault(id)) + (weight / (rrfK + rank));
            }
        }

        var typed = changed.ToArray();
        Array.Sort(typed, Compare);
        var top = new List<KeyValuePair<long, double>>(Math.Min(limit, ordered.Length + typed.Length));
        var i = 0;
        var j = 0;
        while (top.Count < limit)
        {
            while (i < ordered.Length && changed.ContainsKey(ordered[i].Key))
            {
                i++; // its score is the one in the typed list
            }

            var haveContext = i < ordered.Length;
            var haveTyped = j < typed.Length;
            if (!haveContext && !haveTyped)
            {
                break;
            }

            if (haveTyped && (!haveContext || Compare(typed[j], ordered[i]) < 0))
            {
                top.Add(typed[j++]);
            }
            else
            {
                top.Add(ordered[i++]);
            }
        }

        return top;
    }

    /// <summary>The search's order: higher score first, then lower id.</summary>
    private static int Compare(KeyValuePair<long, double> a, KeyValuePair<long, double> b)
    {
        var byScore = b.Value.CompareTo(a.Value);
        return byScore != 0 ? byScore : a.Key.CompareTo(b.Key);
    }
}
