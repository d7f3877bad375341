using System.Text.Json;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Workspace;
using StreamJsonRpc;

namespace PaperLsp.Server.Queue;

/// <summary>An incoming request or notification waiting for its turn; its task is what StreamJsonRpc answers with.</summary>
internal sealed class RpcQueueEntry(RegisteredHandler handler, JsonElement parameters, ServerServices services, CancellationToken cancellationToken) : QueueEntry
{
    private readonly TaskCompletionSource<JsonElement> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long arrived = System.Diagnostics.Stopwatch.GetTimestamp();

    public override string Method => handler.Method;

    public override bool IsMutating => handler.IsMutating;

    public Task<JsonElement> Completion => completion.Task;

    public override void Reject(Exception error) => completion.TrySetException(error);

    public override async Task RunAsync(WorkspaceSnapshot workspace, Action<WorkspaceSnapshot>? commit)
    {
        if (cancellationToken.IsCancellationRequested && !IsMutating)
        {
            completion.TrySetCanceled(cancellationToken);
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var pausedBefore = GC.GetTotalPauseDuration();
        var gcBefore = GC.CollectionCount(0);
        var cpuBefore = Environment.CpuUsage.TotalTime;
        try
        {
            await RunCoreAsync(workspace, commit).ConfigureAwait(false);
        }
        finally
        {
            SlowRequests.Report(services.Log, Method, arrived, started, pausedBefore, gcBefore, cpuBefore);
        }
    }

    private async Task RunCoreAsync(WorkspaceSnapshot workspace, Action<WorkspaceSnapshot>? commit)
    {
        // Background embedding waits while a read-only request (completion, hover, …) runs.
        using var active = IsMutating ? default : services.Activity.Enter();
        try
        {
            var context = new RequestContext(Method, workspace, services, commit);
            // Mutations are never abandoned half-way: they ignore cancellation.
            var result = await handler.InvokeAsync(parameters, context, IsMutating ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
            completion.TrySetResult(result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            completion.TrySetCanceled(cancellationToken);
        }
        catch (LocalRpcException e)
        {
            services.Log.Warning($"{Method} failed ({e.ErrorCode}): {e.Message}");
            completion.TrySetException(e);
        }
        catch (Exception e)
        {
            services.Log.Error($"{Method} threw {e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}");
            completion.TrySetException(new LocalRpcException($"{Method} failed: {e.Message}", e) { ErrorCode = LspErrorCodes.InternalError });
        }
    }
}
