namespace PaperLsp.Server.Queue;

/// <summary>
/// The thread pool's minimum worker count, raised when a server starts so that a request never waits for the pool to
/// grow. Background work blocks pool threads for seconds (loading the embedding model, embedding, indexing, warming hover
/// cards, the stdio reader); with the runtime's default minimum of one worker per core (2 on a 2-core laptop) a
/// completion then waited in the pool's queue until the pool added a thread, about one per half second: the first
/// completions after starting on the 237k-paper index took 0.9–2.2 s, where the handler itself needs ~50 ms.
/// </summary>
internal static class ThreadPoolFloor
{
    /// <summary>Workers the pool starts without delay; idle ones cost a stack reservation each and retire on their own.</summary>
    public const int MinimumWorkers = 16;

    /// <summary>Raises the minimum to <see cref="MinimumWorkers"/> (never lowers one set higher by the host).</summary>
    public static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < MinimumWorkers)
        {
            ThreadPool.SetMinThreads(MinimumWorkers, completionPorts);
        }
    }
}
