using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Services;

/// <summary>
/// Runs the young-generation collection the heap is about to need in a pause of the editor's requests, so that it does
/// not land inside one. The runtime collects generation 0 when the bytes allocated since the last collection reach its
/// budget (2–6 MiB here), and whichever thread allocates then waits for it with the whole server stopped: 1–5 ms, and
/// 15–30 ms when it takes generation 1 along (seen in the <c>e2e</c> benchmark's GC log; those are what put a typed key
/// character's completion over 16 ms). After each request ends and nothing has run for <see cref="Quiet"/>, and every
/// <see cref="Poll"/> otherwise, this looks at the bytes allocated since the last collection. It learns the budget from
/// the runtime's own collections (the bytes allocated between two of them, as near as its looks can tell) and the
/// most allocated between two of its looks lately (the <em>reserve</em>: what may be allocated before its next chance);
/// when the next stretch could reach the budget (<see cref="ShouldCollect"/>), it collects generation 0 now, which the
/// runtime widens to generation 1 when that one's budget is spent too. An idle editor allocates nothing and costs
/// nothing. Off with <c>PAPERLSP_IDLE_GC=0</c> (for measurements).
/// </summary>
internal sealed class IdleCollector : IDisposable
{
    /// <summary>How long after the last request ended it may collect (the next keystroke's request is rarely this close).</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(3);

    /// <summary>How often it looks while no request ends.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The runtime's own collections whose spacing gives the budget (the least of them).</summary>
    public const int BudgetSamples = 4;

    /// <summary>The looks whose allocation gives the reserve (the most of them).</summary>
    public const int ReserveSamples = 16;

    private readonly Func<CollectorCounts> counts;
    private readonly Func<long> allocated;
    private readonly Action collect;
    private readonly Recent budgets = new(BudgetSamples);
    private readonly Recent stretches = new(ReserveSamples);
    private readonly CancellationTokenSource disposing = new();
    private CollectorCounts seen;
    private long allocatedAtCollection;
    private long allocatedAtLook;
    private int started;
    private int widened;
    private long pausedTicks;

    /// <param name="counts">The collections the runtime has run so far (of any generation, and of generation 2).</param>
    /// <param name="allocated">The bytes the process has allocated so far.</param>
    /// <param name="collect">Runs a generation-0 collection.</param>
    public IdleCollector(Func<CollectorCounts> counts, Func<long> allocated, Action collect)
    {
        this.counts = counts;
        this.allocated = allocated;
        this.collect = collect;
        seen = counts();
        allocatedAtCollection = allocatedAtLook = allocated();
    }

    /// <summary>Collections this collector ran.</summary>
    public int Started => Volatile.Read(ref started);

    /// <summary>Of <see cref="Started"/>, those the runtime widened to generation 1 or older.</summary>
    public int Widened => Volatile.Read(ref widened);

    /// <summary>The pauses of the collections it ran, together.</summary>
    public TimeSpan Paused => TimeSpan.FromTicks(Interlocked.Read(ref pausedTicks));

    /// <summary>The budget learnt so far (0 until the runtime has collected on its own once).</summary>
    public long Budget => budgets.Least;

    /// <summary>The most allocated between two looks lately.</summary>
    public long Reserve => stretches.Most;

    /// <summary>The collector for this process and <paramref name="activity"/>'s requests, running; null when turned off.</summary>
    public static IdleCollector? StartForProcess(RequestActivity activity)
    {
        if (Environment.GetEnvironmentVariable("PAPERLSP_IDLE_GC") is "0" or "false")
        {
            return null;
        }

        IdleCollector? collector = null;
        collector = new IdleCollector(
            CollectorCounts.Now,
            () => GC.GetTotalAllocatedBytes(precise: false),
            () =>
            {
                var paused = GC.GetTotalPauseDuration();
                var older = GC.CollectionCount(1);
                GC.Collect(0, GCCollectionMode.Forced, blocking: true);
                collector!.Count(GC.GetTotalPauseDuration() - paused, GC.CollectionCount(1) != older);
            });
        _ = collector.RunOn(activity);
        return collector;
    }

    /// <summary>Starts its loop on a thread of its own, looking after each of <paramref name="activity"/>'s requests; the task ends once it is disposed.</summary>
    internal Task RunOn(RequestActivity activity)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var loop = new Thread(() =>
        {
            try
            {
                Loop(activity);
            }
            finally
            {
                stopped.TrySetResult();
            }
        })
        { IsBackground = true, Name = "paperlsp-idle-collector" };
        loop.Start();
        return stopped.Task;
    }

    /// <summary>
    /// Whether to collect now: <paramref name="sinceCollection"/> bytes allocated since the last collection, the
    /// runtime's <paramref name="budget"/> (0: not learnt yet) and the <paramref name="reserve"/> the next stretch may
    /// allocate. Never before a quarter of the budget is used, so that a large reserve cannot make it collect on every look.
    /// </summary>
    public static bool ShouldCollect(long sinceCollection, long budget, long reserve) =>
        budget > 0 && sinceCollection >= budget / 4 && sinceCollection + reserve >= budget;

    /// <summary>One look (in a pause of the requests); collects when <see cref="ShouldCollect"/> says so. Returns whether it did.</summary>
    public bool Tick()
    {
        var now = counts();
        var bytes = allocated();
        if (now != seen)
        {
            if (now.All == seen.All + 1 && now.Generation2 == seen.Generation2)
            {
                budgets.Add(bytes - allocatedAtCollection); // one young collection of the runtime's own: its budget, near enough
            }

            seen = now;
            allocatedAtCollection = bytes;
        }

        stretches.Add(bytes - allocatedAtLook);
        allocatedAtLook = bytes;
        if (!ShouldCollect(bytes - allocatedAtCollection, Budget, Reserve))
        {
            return false;
        }

        collect();
        Interlocked.Increment(ref started);
        seen = counts();
        allocatedAtCollection = allocatedAtLook = allocated();
        return true;
    }

    public void Dispose()
    {
        disposing.Cancel();
    }

    private void Count(TimeSpan paused, bool wider)
    {
        Interlocked.Add(ref pausedTicks, paused.Ticks);
        if (wider)
        {
            Interlocked.Increment(ref widened);
        }
    }

    private void Loop(RequestActivity activity)
    {
        var token = disposing.Token;
        try
        {
            var ended = activity.Ended;
            while (!token.IsCancellationRequested)
            {
                activity.WaitForEnd(ended, Poll, token);
                ended = activity.Ended;
                activity.WaitUntilIdle(Quiet, token);
                Tick();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The last few values of a quantity, with their least and most.</summary>
    private sealed class Recent(int size)
    {
        private readonly long[] values = new long[size];
        private int count;
        private int next;

        public long Least => count == 0 ? 0 : values.Take(count).Min();

        public long Most => count == 0 ? 0 : values.Take(count).Max();

        public void Add(long value)
        {
            values[next] = value;
            next = (next + 1) % values.Length;
            count = Math.Min(count + 1, values.Length);
        }
    }
}
