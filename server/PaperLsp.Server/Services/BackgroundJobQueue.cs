using PaperLsp.Server.Client;

namespace PaperLsp.Server.Services;

/// <summary>
/// The paper service's background work: jobs run one at a time in the order they were queued, so no two of them
/// mutate the index, the model or the catalog at once. Jobs belong to a run; <see cref="Restart"/> (a new
/// configuration) cancels the jobs of the previous run, <see cref="Cancel"/> (disposal) every job.
/// </summary>
internal sealed class BackgroundJobQueue : IDisposable
{
    private readonly object gate = new();
    private readonly CancellationTokenSource disposing = new();
    private readonly ServerLog log;
    private readonly Func<string, Task> reportFailure;
    private Task work = Task.CompletedTask;
    private CancellationTokenSource? runCancellation;

    /// <summary>A queue that logs a failed job and tells <paramref name="reportFailure"/> its message.</summary>
    public BackgroundJobQueue(ServerLog log, Func<string, Task> reportFailure)
    {
        this.log = log;
        this.reportFailure = reportFailure;
    }

    /// <summary>Completes when the jobs queued so far have finished.</summary>
    public Task WhenIdle
    {
        get
        {
            lock (gate)
            {
                return work;
            }
        }
    }

    /// <summary>True once <see cref="Cancel"/> was called: no new run starts.</summary>
    public bool IsCancelled => disposing.IsCancellationRequested;

    /// <summary>The token of the current run's jobs (before the first run: cancelled only by disposal).</summary>
    public CancellationToken CurrentRunToken
    {
        get
        {
            lock (gate)
            {
                return runCancellation?.Token ?? disposing.Token;
            }
        }
    }

    /// <summary>Cancels the current run's jobs and returns the token of a new run.</summary>
    public CancellationToken Restart()
    {
        lock (gate)
        {
            runCancellation?.Cancel();
            runCancellation = CancellationTokenSource.CreateLinkedTokenSource(disposing.Token);
            return runCancellation.Token;
        }
    }

    /// <summary>Queues <paramref name="job"/> (named for the log) after every job queued before; skipped when <paramref name="token"/> is cancelled by its turn.</summary>
    public Task Enqueue(string name, Func<CancellationToken, Task> job, CancellationToken token)
    {
        lock (gate)
        {
            var previous = work;
            var next = Task.Run(async () =>
            {
                await previous.ConfigureAwait(false);
                if (token.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await job(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    log.Debug($"{name}: cancelled");
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    log.Error($"{name} failed: {e.Message}");
                    await reportFailure(e.Message).ConfigureAwait(false);
                }
            }, CancellationToken.None);
            work = next;
            return next;
        }
    }

    /// <summary>Queues <paramref name="job"/> in the current run.</summary>
    public Task EnqueueInCurrentRun(string name, Func<CancellationToken, Task> job) => Enqueue(name, job, CurrentRunToken);

    /// <summary>Cancels every job, queued or running.</summary>
    public void Cancel() => disposing.Cancel();

    public void Dispose() => disposing.Dispose();
}
