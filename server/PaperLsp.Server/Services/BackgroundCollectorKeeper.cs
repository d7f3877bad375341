using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Services;

/// <summary>
/// Keeps the runtime's background collector ready while the editor is in use. The workstation collector's background
/// thread exits after 20 s without a background collection, and the generation-2 collection that next has to create it
/// runs blocking and compacting instead: 28–50 ms with the whole server stopped, landing on whichever request allocated
/// last (seen in the <c>e2e</c> benchmark's GC trace at 60 MB of heap, and in a small program at 41 MB). So, once
/// <see cref="Early"/> has passed since the last generation-2 collection and the heap has been promoted into since (a
/// generation-1 collection ran: the editor is in use), this starts a background collection in a pause of the editor's
/// requests; the thread then stays, and the next collection the heap needs runs beside the requests. After the thread
/// has gone (<see cref="ThreadLifetime"/>), it asks for more promotion first and collects in a pause, so that the blocking
/// collection the heap would need soon runs while nobody waits. An idle editor (no collections) costs nothing.
/// Off with <c>PAPERLSP_KEEP_BACKGROUND_GC=0</c> (for measurements).
/// </summary>
internal sealed class BackgroundCollectorKeeper : IDisposable
{
    /// <summary>From when after a generation-2 collection the keeper looks for a pause to start the next.</summary>
    public static readonly TimeSpan Early = TimeSpan.FromSeconds(12);

    /// <summary>From when it takes a short pause rather than wait for a long one.</summary>
    public static readonly TimeSpan Late = TimeSpan.FromSeconds(17);

    /// <summary>How long the runtime keeps its background collector thread without a background collection.</summary>
    public static readonly TimeSpan ThreadLifetime = TimeSpan.FromSeconds(20);

    /// <summary>A pause between requests long enough to start a collection in, before <see cref="Late"/>.</summary>
    public static readonly TimeSpan LongQuiet = TimeSpan.FromMilliseconds(150);

    /// <summary>The shortest pause it starts one in.</summary>
    public static readonly TimeSpan ShortQuiet = TimeSpan.FromMilliseconds(30);

    /// <summary>Generation-1 collections since the last generation-2 one that make it collect after the thread has gone.</summary>
    public const int PromotionsAfterThreadGone = 3;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private readonly Func<CollectorCounts> counts;
    private readonly Func<TimeSpan> quietFor;
    private readonly Action collect;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource disposing = new();
    private CollectorCounts seen;
    private long lastGeneration2;
    private Thread? thread;
    private int started;

    public BackgroundCollectorKeeper(Func<CollectorCounts> counts, Func<TimeSpan> quietFor, Action collect, TimeProvider time)
    {
        this.counts = counts;
        this.quietFor = quietFor;
        this.collect = collect;
        this.time = time;
        seen = counts();
        lastGeneration2 = time.GetTimestamp();
    }

    /// <summary>Background collections this keeper started.</summary>
    public int Started => Volatile.Read(ref started);

    /// <summary>The keeper for this process's collector and <paramref name="activity"/>'s requests, running; null when turned off.</summary>
    public static BackgroundCollectorKeeper? StartForProcess(RequestActivity activity)
    {
        if (Environment.GetEnvironmentVariable("PAPERLSP_KEEP_BACKGROUND_GC") is "0" or "false"
            || System.Runtime.GCSettings.IsServerGC // the server collector keeps its background threads
            || !Concurrent())
        {
            return null;
        }

        var keeper = new BackgroundCollectorKeeper(
            CollectorCounts.Now,
            () => activity.QuietFor,
            () => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false, compacting: false),
            TimeProvider.System);
        keeper.thread = new Thread(keeper.Loop) { IsBackground = true, Name = "paperlsp-collector-keeper" };
        keeper.thread.Start();
        return keeper;
    }

    /// <summary>
    /// Whether to start a background collection now: <paramref name="sinceGeneration2"/> since the last generation-2
    /// collection, <paramref name="promotions"/> generation-1 collections since it, and no request for
    /// <paramref name="quiet"/>.
    /// </summary>
    public static bool ShouldCollect(TimeSpan sinceGeneration2, int promotions, TimeSpan quiet)
    {
        if (promotions <= 0 || sinceGeneration2 < Early)
        {
            return false;
        }

        if (sinceGeneration2 >= ThreadLifetime)
        {
            return promotions >= PromotionsAfterThreadGone && quiet >= LongQuiet;
        }

        return quiet >= (sinceGeneration2 < Late ? LongQuiet : ShortQuiet);
    }

    /// <summary>One look at the collector and the requests; starts a collection when <see cref="ShouldCollect"/> says so. Returns whether it did.</summary>
    public bool Tick()
    {
        var now = counts();
        if (now.Generation2 != seen.Generation2)
        {
            seen = now;
            lastGeneration2 = time.GetTimestamp();
            return false;
        }

        if (!ShouldCollect(time.GetElapsedTime(lastGeneration2), now.Generation1 - seen.Generation1, quietFor()))
        {
            return false;
        }

        collect();
        Interlocked.Increment(ref started);
        seen = counts();
        lastGeneration2 = time.GetTimestamp();
        return true;
    }

    public void Dispose()
    {
        disposing.Cancel();
    }

    private static bool Concurrent() => RuntimeSettings.Setting("System.GC.Concurrent", "DOTNET_gcConcurrent", 1) != 0;

    private void Loop()
    {
        var token = disposing.Token;
        while (!token.WaitHandle.WaitOne(Poll))
        {
            Tick();
        }
    }
}
