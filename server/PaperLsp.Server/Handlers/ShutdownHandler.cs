using System.Text.Json;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>shutdown: later requests answer InvalidRequest; exit then ends the process with code 0.</summary>
internal sealed class ShutdownHandler(ServerLifecycle lifecycle) : ILspRequestHandler<JsonElement, object?>
{
    public string Method => "shutdown";

    public bool IsMutating => true;

    public Task<object?> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken)
    {
        lifecycle.MarkShutdown();
        context.Log.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"shutdown requested (GC: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} collections of generation 0/1/2, {GC.GetTotalPauseDuration().TotalMilliseconds:F0} ms paused in total)"));
        context.Log.Info(MemoryReport.Describe());
        if (GcPauseLog.Summary() is { } pauses)
        {
            context.Log.Info(pauses);
        }

        return Task.FromResult<object?>(null);
    }
}
