namespace PaperLsp.Storage;

/// <summary>
/// When a term-at-a-time BM25 search (<see cref="MappedLexicalIndex"/>) looks whether the papers it has scored so far
/// already settle which papers can reach the top, and by how much it widens the remaining terms' bound for float
/// rounding. Only the search's speed depends on these choices, never its answer.
/// </summary>
internal static class LexicalPruning
{
    /// <summary>Looks at most this many times per search (each look reads every scored paper's score once).</summary>
    public const int MaxChecks = 3;

    /// <summary>
    /// Worth a look before term <paramref name="term"/>: it is not the first, at least <paramref name="limit"/> papers are
    /// scored, and the remaining terms' postings outnumber the scored papers (else the look costs more than it saves).
    /// </summary>
    public static bool WorthChecking(int term, int touched, int limit, long remainingPostings, int checksSoFar) =>
        term > 0 && checksSoFar < MaxChecks && limit > 0 && touched >= limit && remainingPostings > touched;

    /// <summary>
    /// The most the remaining terms can add to a paper (the sum of their factors), widened so that float rounding of
    /// the per-paper sums can never exceed it.
    /// </summary>
    public static double Bound(double remainingFactors) => (remainingFactors * (1 + 1e-4)) + 1e-6;
}
