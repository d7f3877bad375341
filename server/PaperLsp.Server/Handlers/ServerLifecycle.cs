namespace PaperLsp.Server.Handlers;

/// <summary>The lifecycle state, changed only by mutating handlers (on the queue) and read by the queue's gate.</summary>
internal sealed class ServerLifecycle
{
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile LifecyclePhase phase = LifecyclePhase.Uninitialized;

    public LifecyclePhase Phase => phase;

    public bool ShutdownReceived { get; private set; }

    /// <summary>Completes with the exit code when exit arrives.</summary>
    public Task<int> Exited => exited.Task;

    public void MarkInitialized() => phase = LifecyclePhase.Initialized;

    public void MarkShutdown()
    {
        ShutdownReceived = true;
        phase = LifecyclePhase.ShutdownRequested;
    }

    public void MarkExited()
    {
        phase = LifecyclePhase.Exited;
        exited.TrySetResult(ShutdownReceived ? 0 : 1);
    }
}
