namespace PaperLsp.Server.Services;

/// <summary>The collections the runtime has run so far, of generation 1 or older and of generation 2.</summary>
internal readonly record struct CollectorCounts(int Generation1, int Generation2)
{
    /// <summary>The process's counts now.</summary>
    public static CollectorCounts Now() => new(GC.CollectionCount(1), GC.CollectionCount(2));
}
