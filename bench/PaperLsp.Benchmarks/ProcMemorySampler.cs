namespace PaperLsp.Benchmarks;

/// <summary>
/// Reads a process's <see cref="ProcMemory"/> every <c>interval</c> on a background task and keeps the reading with the
/// largest resident set, so that a report can say what the peak was made of (VmHWM alone gives only its size).
/// </summary>
internal sealed class ProcMemorySampler : IAsyncDisposable
{
    private readonly int pid;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Lock gate = new();
    private ProcMemory? largest;
    private ProcMemory? last;

    public ProcMemorySampler(int pid, TimeSpan interval)
    {
        this.pid = pid;
        loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Sample();
                try
                {
                    await Task.Delay(interval, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
    }

    /// <summary>The reading with the largest RSS so far (null before the first).</summary>
    public ProcMemory? Largest
    {
        get
        {
            lock (gate)
            {
                return largest;
            }
        }
    }

    /// <summary>A fresh reading now (also counted for <see cref="Largest"/>).</summary>
    public ProcMemory? Sample()
    {
        var now = ProcMemory.Read(pid);
        lock (gate)
        {
            if (now is not null)
            {
                last = now;
                if (largest is null || now.Rss > largest.Rss)
                {
                    largest = now;
                }
            }

            return now ?? last;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await loop.ConfigureAwait(false);
        stop.Dispose();
    }
}
