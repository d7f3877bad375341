using Range = PaperLsp.Server.Protocol.Range;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Tests;

/// <summary>Read-only: returns the text and version of a document in the request's snapshot (null when not open).</summary>
internal sealed class DocumentTextHandler : ILspRequestHandler<TextDocumentIdentifier, JsonObject?>
{
    public string Method => "test/documentText";

    public bool IsMutating => false;

    public Task<JsonObject?> HandleAsync(TextDocumentIdentifier parameters, RequestContext context, CancellationToken cancellationToken) =>
        Task.FromResult(context.GetDocument(parameters.Uri) is { } d ? new JsonObject { ["text"] = d.Text, ["version"] = d.Version } : null);
}

/// <summary>Read-only: returns the settings of the request's snapshot.</summary>
internal sealed class SettingsHandler : ILspRequestHandler<JsonElement, Workspace.PaperLspSettings>
{
    public string Method => "test/settings";

    public bool IsMutating => false;

    public Task<Workspace.PaperLspSettings> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken) =>
        Task.FromResult(context.Settings);
}

/// <summary>Read-only: waits until released (or cancelled), then answers "slow".</summary>
internal sealed class GatedHandler(string method, Task gate) : ILspRequestHandler<JsonElement, string>
{
    public string Method { get; } = method;

    public bool IsMutating => false;

    public async Task<string> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        return "released";
    }
}

/// <summary>Read-only: waits on its token forever; only cancellation ends it.</summary>
internal sealed class WaitForCancellationHandler : ILspRequestHandler<JsonElement, string>
{
    public string Method => "test/waitForCancel";

    public bool IsMutating => false;

    public async Task<string> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return "not cancelled";
    }
}

/// <summary>Throws from inside the handler.</summary>
internal sealed class ThrowingHandler : ILspRequestHandler<JsonElement, string>
{
    public string Method => "test/throw";

    public bool IsMutating => false;

    public Task<string> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the handler broke on purpose");
}

/// <summary>Mutating: records its "n" param (after yielding, to expose reordering) in a shared list.</summary>
internal sealed class RecordingMutationHandler(List<int> seen) : ILspNotificationHandler<JsonElement>
{
    public string Method => "test/record";

    public bool IsMutating => true;

    public async Task HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken)
    {
        var n = parameters.GetProperty("n").GetInt32();
        await Task.Yield();
        if (n % 3 == 0)
        {
            await Task.Delay(1, cancellationToken);
        }

        lock (seen)
        {
            seen.Add(n);
        }
    }
}

/// <summary>Read-only: tries to change the workspace (must fail).</summary>
internal sealed class IllegalMutationHandler : ILspRequestHandler<JsonElement, string>
{
    public string Method => "test/illegalMutation";

    public bool IsMutating => false;

    public Task<string> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken)
    {
        context.UpdateWorkspace(w => w);
        return Task.FromResult("changed");
    }
}

/// <summary>Read-only: exercises the client helpers (progress, applyEdit, diagnostics, log, showMessage).</summary>
internal sealed class ClientHelpersHandler : ILspRequestHandler<JsonElement, JsonObject>
{
    public string Method => "test/clientHelpers";

    public bool IsMutating => false;

    public async Task<JsonObject> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken)
    {
        await using (var progress = await context.Client.BeginProgressAsync("Indexing", "starting", 0, cancellationToken))
        {
            await progress.ReportAsync("half", 50);
            await progress.EndAsync("done");
        }

        var range = new Range(new Position(0, 0), new Position(0, 1));
        var edit = new WorkspaceEdit(new Dictionary<string, IReadOnlyList<TextEdit>> { ["file:///a.tex"] = [new TextEdit(range, "x")] });
        var applied = await context.Client.ApplyEditAsync(edit, "test edit", cancellationToken);
        await context.Client.PublishDiagnosticsAsync("file:///a.tex", 1, [new Diagnostic { Range = range, Message = "unknown key", Severity = DiagnosticSeverity.Warning }]);
        await context.Client.ShowMessageAsync(MessageType.Info, "hello from a handler");
        context.Log.Info("log line from a handler");
        return new JsonObject { ["applied"] = applied.Applied, ["progressVisible"] = context.Workspace.Client.WorkDoneProgress, ["reason"] = applied.FailureReason };
    }
}

/// <summary>Read-only: hands its request context's services out, then waits until released.</summary>
internal sealed class ServicesProbeHandler(string method, TaskCompletionSource<Requests.ServerServices> services, Task gate) : ILspRequestHandler<JsonElement, string>
{
    public string Method { get; } = method;

    public bool IsMutating => false;

    public async Task<string> HandleAsync(JsonElement parameters, RequestContext context, CancellationToken cancellationToken)
    {
        services.TrySetResult(context.Services);
        await gate.WaitAsync(cancellationToken);
        return "released";
    }
}
