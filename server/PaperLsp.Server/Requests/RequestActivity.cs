namespace PaperLsp.Server.Requests;

/// <summary>
/// Counts the editor's read-only requests in flight so that background work can step aside: the embedder calls
/// <see cref="WaitWhileBusy"/> before each model run (a few hundred milliseconds of both cores) and starts it only once
/// no request has been running for <see cref="Quiet"/>, or after <see cref="MaxWait"/> at most (so that a user who
/// never pauses still gets the papers embedded, just more slowly).
/// </summary>
internal sealed class RequestActivity
{
    private static readonly TimeProvider Time = TimeProvider.System;
    private readonly object gate = new(); // Monitor.Wait/PulseAll need a monitor, not a Lock
    private int inFlight;
    private int waiters;
    private long lastEnd = Time.GetTimestamp() - Time.TimestampFrequency; // idle since a second ago
    private long ended;

    /// <summary>How long after the last request ended background work waits before it starts its next step.</summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>The longest one wait lasts (the background work then runs its step anyway).</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests running now.</summary>
    public int InFlight
    {
        get
        {
            lock (gate)
            {
                return inFlight;
            }
        }
    }

    /// <summary>Background threads inside <see cref="WaitWhileBusy"/> now.</summary>
    public int Waiters
    {
        get
        {
            lock (gate)
            {
                return waiters;
            }
        }
    }

    /// <summary>How long no request has been running: zero while one is in flight, else the time since the last ended.</summary>
    public TimeSpan QuietFor
    {
        get
        {
            lock (gate)
            {
                return inFlight > 0 ? TimeSpan.Zero : Time.GetElapsedTime(lastEnd);
            }
        }
    }

    /// <summary>How many waits so far found requests in flight (or just ended) and waited.</summary>
    public int Yields { get; private set; }

    /// <summary>Marks a request as running until the returned scope is disposed.</summary>
    public Scope Enter()
    {
        lock (gate)
        {
            inFlight++;
        }

        return new Scope(this);
    }

    private void Exit()
    {
        lock (gate)
        {
            inFlight--;
            ended++;
            lastEnd = Time.GetTimestamp();
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>
    /// Blocks the calling (background) thread while a request is in flight or ended less than <see cref="Quiet"/> ago,
    /// for at most <see cref="MaxWait"/>; returns true when it waited.
    /// </summary>
    public bool WaitWhileBusy(CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        var waited = false;
        lock (gate)
        {
            waiters++;
            while (!cancellationToken.IsCancellationRequested)
            {
                var sinceEnd = Time.GetElapsedTime(lastEnd);
                var busy = inFlight > 0 || sinceEnd < Quiet;
                var left = MaxWait - Time.GetElapsedTime(started);
                if (!busy || left <= TimeSpan.Zero)
                {
                    break;
                }

                waited = true;
                // Woken when a request ends; otherwise re-checked when the quiet time would be over (or in 10 ms).
                var nap = inFlight > 0 ? TimeSpan.FromMilliseconds(10) : Quiet - sinceEnd;
                Monitor.Wait(gate, nap < left ? nap : left);
            }

            waiters--;
            if (waited)
            {
                Yields++;
            }
        }

        return waited;
    }

    /// <summary>
    /// Blocks the calling (background) thread until no request is in flight and the last one ended at least
    /// <see cref="Quiet"/> ago, however long that takes (work that is only a head start, unlike the embedder's, never
    /// needs to run before the editor pauses). Not counted in <see cref="Yields"/>.
    /// </summary>
    public void WaitUntilIdle(CancellationToken cancellationToken) => WaitUntilIdle(Quiet, cancellationToken);

    /// <summary>As <see cref="WaitUntilIdle(CancellationToken)"/>, for a pause of <paramref name="quiet"/> after the last request.</summary>
    public void WaitUntilIdle(TimeSpan quiet, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sinceEnd = Time.GetElapsedTime(lastEnd);
                if (inFlight == 0 && sinceEnd >= quiet)
                {
                    return;
                }

                Monitor.Wait(gate, inFlight > 0 ? TimeSpan.FromMilliseconds(10) : quiet - sinceEnd);
            }
        }
    }

    /// <summary>Requests (and other work marked with <see cref="Enter"/>) that have ended so far.</summary>
    public long Ended
    {
        get
        {
            lock (gate)
            {
                return ended;
            }
        }
    }

    /// <summary>
    /// Blocks the calling (background) thread until more than <paramref name="seen"/> requests have ended
    /// (<see cref="Ended"/>) or <paramref name="longest"/> has passed; returns whether one ended. It sleeps the whole
    /// wait unless a request ends or <paramref name="cancellationToken"/> is cancelled (which wakes it): a thread waiting
    /// here while the editor is idle costs no wake-ups.
    /// </summary>
    public bool WaitForEnd(long seen, TimeSpan longest, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        using var wake = cancellationToken.CanBeCanceled ? cancellationToken.Register(PulseWaiters) : default;
        lock (gate)
        {
            while (ended <= seen)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var left = longest - Time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(gate, left);
            }

            return true;
        }
    }

    private void PulseWaiters()
    {
        lock (gate)
        {
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>The running request's mark (dispose once it has answered).</summary>
    public readonly struct Scope(RequestActivity owner) : IDisposable
    {
        public void Dispose() => owner?.Exit();
    }
}
