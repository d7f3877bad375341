using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Queue;

/// <summary>A server-internal mutation (e.g. pulled settings arriving) that takes its turn like a client message.</summary>
internal sealed class WorkspaceUpdateEntry(string method, Func<WorkspaceSnapshot, WorkspaceSnapshot> update) : QueueEntry
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override string Method { get; } = method;

    public override bool IsMutating => true;

    public Task Completion => completion.Task;

    public override void Reject(Exception error) => completion.TrySetException(error);

    public override Task RunAsync(WorkspaceSnapshot workspace, Action<WorkspaceSnapshot>? commit)
    {
        try
        {
            commit?.Invoke(update(workspace));
            completion.TrySetResult();
        }
        catch (Exception e)
        {
            completion.TrySetException(e);
        }

        return Task.CompletedTask;
    }
}
