using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Queue;

/// <summary>One unit of work in the request queue.</summary>
internal abstract class QueueEntry
{
    /// <summary>Name for logs and the lifecycle gate.</summary>
    public abstract string Method { get; }

    /// <summary>Mutating entries run alone, in order; read-only ones run concurrently on a snapshot.</summary>
    public abstract bool IsMutating { get; }

    /// <summary>Refuses the entry without running it (lifecycle errors, shutdown of the queue).</summary>
    public abstract void Reject(Exception error);

    /// <summary>Runs the entry. Read-only entries get no commit callback. Must not throw.</summary>
    public abstract Task RunAsync(WorkspaceSnapshot workspace, Action<WorkspaceSnapshot>? commit);
}
