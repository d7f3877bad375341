namespace PaperLsp.Storage;

/// <summary>
/// How much of a large source one indexing transaction holds: a chunk is committed after <see cref="Records"/>
/// records or <see cref="Interval"/>, whichever comes first. Small chunks lose less work to a kill and keep the
/// WAL small; large ones commit less often.
/// </summary>
public sealed record ChunkLimits(int Records, TimeSpan Interval)
{
    /// <summary>4,000 records or 2 seconds.</summary>
    public static ChunkLimits Default { get; } = new(4000, TimeSpan.FromSeconds(2));
}
