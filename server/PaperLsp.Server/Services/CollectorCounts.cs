namespace PaperLsp.Server.Services;

/// <summary>The collections the runtime has run so far: of generation 1 or older, of generation 2, and of any generation.</summary>
internal readonly record struct CollectorCounts(int Generation1, int Generation2, int All = 0)
{
    /// <summary>The process's counts now.</summary>
    public static CollectorCounts Now() => new(GC.CollectionCount(1), GC.CollectionCount(2), GC.CollectionCount(0));
}
