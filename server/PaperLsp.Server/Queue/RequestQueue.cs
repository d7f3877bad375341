using System.Threading.Channels;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Queue;

/// <summary>
/// Orders work like Roslyn's LSP queue: entries are taken in arrival order; a mutating entry runs alone and
/// the next entry waits for it; a read-only entry starts on the thread pool with the workspace as it is at
/// its turn and the queue moves on without waiting for it.
/// </summary>
internal sealed class RequestQueue
{
    private readonly Channel<QueueEntry> entries = Channel.CreateUnbounded<QueueEntry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<QueueEntry, Exception?> admit;
    private readonly Action<Exception> onError;
    private readonly Action<WorkspaceSnapshot, WorkspaceSnapshot>? committed;
    private WorkspaceSnapshot workspace;
    private Task? loop;

    /// <param name="initial">The workspace before any mutation.</param>
    /// <param name="admit">Called at each entry's turn; returns an error to refuse it (lifecycle rules).</param>
    /// <param name="onError">Told about unexpected failures of the loop itself.</param>
    /// <param name="committed">Told (previous, next) after each workspace change.</param>
    public RequestQueue(WorkspaceSnapshot initial, Func<QueueEntry, Exception?> admit, Action<Exception> onError, Action<WorkspaceSnapshot, WorkspaceSnapshot>? committed = null)
    {
        this.committed = committed;
        workspace = initial;
        this.admit = admit;
        this.onError = onError;
    }

    /// <summary>The newest workspace (after the last completed mutation).</summary>
    public WorkspaceSnapshot Current => Volatile.Read(ref workspace);

    public void Start() => loop ??= Task.Run(RunAsync);

    public void Enqueue(QueueEntry entry)
    {
        if (!entries.Writer.TryWrite(entry))
        {
            entry.Reject(new ObjectDisposedException(nameof(RequestQueue), "The server is stopping."));
        }
    }

    /// <summary>Stops taking entries; pending ones are rejected.</summary>
    public void Complete() => entries.Writer.TryComplete();

    public Task Completion => loop ?? Task.CompletedTask;

    private void Commit(WorkspaceSnapshot next)
    {
        var previous = Current;
        Volatile.Write(ref workspace, next);
        committed?.Invoke(previous, next);
    }

    private async Task RunAsync()
    {
        await foreach (var entry in entries.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (admit(entry) is { } refusal)
                {
                    entry.Reject(refusal);
                    continue;
                }

                if (entry.IsMutating)
                {
                    await entry.RunAsync(Current, Commit).ConfigureAwait(false);
                }
                else
                {
                    var snapshot = Current;
                    _ = Task.Run(() => entry.RunAsync(snapshot, null));
                }
            }
            catch (Exception e)
            {
                onError(e);
                entry.Reject(e);
            }
        }
    }
}
