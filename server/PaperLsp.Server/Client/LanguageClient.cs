using System.Text.Json;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Workspace;
using StreamJsonRpc;

namespace PaperLsp.Server.Client;

/// <summary>
/// Messages from the server to the client: notifications (logMessage, showMessage, publishDiagnostics,
/// $/progress) and requests (workspace/applyEdit, workspace/configuration, window/workDoneProgress/create).
/// Thread-safe; usable from handlers and background work. Failures of notifications are swallowed.
/// Cancelling a client request stops waiting for it but leaves it pending in JSON-RPC, so a late answer
/// from the client is still matched (StreamJsonRpc closes the connection on responses it cannot match).
/// </summary>
public sealed class LanguageClient
{
    private readonly JsonRpc rpc;
    private readonly Func<ClientFeatures> features;
    private readonly ServerLog log;
    private int progressCounter;

    internal LanguageClient(JsonRpc rpc, Func<ClientFeatures> features, ServerLog log)
    {
        this.rpc = rpc;
        this.features = features;
        this.log = log;
    }

    /// <summary>window/logMessage.</summary>
    public Task LogMessageAsync(MessageType type, string message) => NotifyAsync("window/logMessage", new LogMessageParams(type, message));

    /// <summary>window/showMessage (a popup/notification in the editor).</summary>
    public Task ShowMessageAsync(MessageType type, string message) => NotifyAsync("window/showMessage", new ShowMessageParams(type, message));

    /// <summary>textDocument/publishDiagnostics: replaces all diagnostics of the document (empty list clears).</summary>
    public Task PublishDiagnosticsAsync(string uri, int? version, IReadOnlyList<Diagnostic> diagnostics) =>
        NotifyAsync("textDocument/publishDiagnostics", new PublishDiagnosticsParams(uri, version, diagnostics));

    /// <summary>
    /// workspace/applyEdit. Returns the client's answer; when the client does not support applyEdit the
    /// result is not applied with a reason. Do not await this inside a mutating handler (the client may send
    /// changes that queue behind it); await it from read-only handlers or background work.
    /// </summary>
    public async Task<ApplyWorkspaceEditResult> ApplyEditAsync(WorkspaceEdit edit, string? label, CancellationToken cancellationToken)
    {
        if (!features().ApplyEdit)
        {
            return new ApplyWorkspaceEditResult { Applied = false, FailureReason = "the client does not support workspace/applyEdit" };
        }

        var result = await rpc.InvokeWithParameterObjectAsync<JsonElement>(
            "workspace/applyEdit", LspJson.ToElement(new ApplyWorkspaceEditParams(label, edit)), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.ValueKind == JsonValueKind.Object
            ? result.Deserialize<ApplyWorkspaceEditResult>(LspJson.Options) ?? new ApplyWorkspaceEditResult()
            : new ApplyWorkspaceEditResult { Applied = false, FailureReason = "the client answered without a result" };
    }

    /// <summary>workspace/configuration for one section; null when the client cannot be asked or answered null.</summary>
    public async Task<JsonElement?> GetConfigurationAsync(string section, string? scopeUri, CancellationToken cancellationToken)
    {
        if (!features().ConfigurationPull)
        {
            return null;
        }

        var result = await rpc.InvokeWithParameterObjectAsync<JsonElement>(
            "workspace/configuration", LspJson.ToElement(new ConfigurationParams([new ConfigurationItem(scopeUri, section)])), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (result.ValueKind == JsonValueKind.Array && result.GetArrayLength() > 0)
        {
            var first = result[0];
            return first.ValueKind == JsonValueKind.Null ? null : first.Clone();
        }

        return null;
    }

    /// <summary>
    /// Starts a work-done progress: window/workDoneProgress/create, then $/progress begin. When the client
    /// lacks window.workDoneProgress or refuses the token, returns a progress whose calls do nothing.
    /// </summary>
    public async Task<WorkDoneProgress> BeginProgressAsync(string title, string? message, int? percentage, CancellationToken cancellationToken)
    {
        if (!features().WorkDoneProgress)
        {
            return new WorkDoneProgress(null, null);
        }

        var token = $"paperlsp/{Interlocked.Increment(ref progressCounter)}";
        try
        {
            await rpc.InvokeWithParameterObjectAsync<JsonElement>(
                "window/workDoneProgress/create", LspJson.ToElement(new WorkDoneProgressCreateParams(token)), CancellationToken.None).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RemoteInvocationException or ConnectionLostException or ObjectDisposedException)
        {
            log.Debug($"window/workDoneProgress/create failed: {e.Message}");
            return new WorkDoneProgress(null, null);
        }

        await SendProgressAsync(token, new WorkDoneProgressValue { Kind = "begin", Title = title, Message = message, Cancellable = false, Percentage = percentage }).ConfigureAwait(false);
        return new WorkDoneProgress(this, token);
    }

    internal Task SendProgressAsync(string token, WorkDoneProgressValue value) => NotifyAsync("$/progress", new ProgressParams(token, value));

    internal async Task NotifyAsync<T>(string method, T parameters)
    {
        try
        {
            await rpc.NotifyWithParameterObjectAsync(method, LspJson.ToElement(parameters)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConnectionLostException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The client went away; nothing to tell it.
        }
    }
}
