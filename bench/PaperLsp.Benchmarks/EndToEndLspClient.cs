using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperLsp.Benchmarks;

/// <summary>
/// A minimal LSP client over a child process's stdio: Content-Length framing, requests matched to responses by id,
/// server-to-client requests answered (workspace/configuration with <see cref="Settings"/>, everything else null).
/// </summary>
internal sealed class EndToEndLspClient : IAsyncDisposable
{
    private readonly Process process;
    private readonly Stream input;
    private readonly Stream output;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, PendingRequest> pending = new();
    private readonly Task readLoop;
    private readonly StringBuilder stderrTail = new();
    private long nextId;

    private EndToEndLspClient(Process process, JsonObject settings)
    {
        this.process = process;
        Settings = settings;
        input = process.StandardInput.BaseStream;
        output = process.StandardOutput.BaseStream;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (stderrTail)
            {
                stderrTail.AppendLine(e.Data);
                if (stderrTail.Length > 8000)
                {
                    stderrTail.Remove(0, stderrTail.Length - 8000);
                }
            }
        };
        process.BeginErrorReadLine();
        readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>When the process was started (for cold-start figures).</summary>
    public Stopwatch SinceStart { get; } = Stopwatch.StartNew();

    public JsonObject Settings { get; }

    public int ProcessId => process.Id;

    /// <summary>The state of the last paperlsp/status notification ("ready", "indexing", …), or null before the first.</summary>
    public string? LastStatusState { get; private set; }

    /// <summary>Notifications received, by method.</summary>
    public ConcurrentDictionary<string, int> Notifications { get; } = new(StringComparer.Ordinal);

    public string StderrTail
    {
        get
        {
            lock (stderrTail)
            {
                return stderrTail.ToString();
            }
        }
    }

    public static EndToEndLspClient Start(string serverDll, JsonObject settings)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", serverDll, "serve", "--stdio"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + serverDll);
        return new EndToEndLspClient(process, settings);
    }

    /// <summary>Sends a request; the returned handle completes with the response (result or error).</summary>
    public PendingRequest Send(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref nextId);
        var request = new PendingRequest(id, method);
        pending[id] = request;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters };
        _ = WriteAsync(message).ContinueWith(t => request.Fail(t.Exception!), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return request;
    }

    public async Task<JsonNode?> RequestAsync(string method, JsonNode? parameters, TimeSpan timeout)
    {
        var request = Send(method, parameters);
        var response = await request.Response.WaitAsync(timeout).ConfigureAwait(false);
        if (response.Error is not null)
        {
            throw new InvalidOperationException($"{method} failed: {response.Error.ToJsonString()}");
        }

        return response.Result;
    }

    public Task NotifyAsync(string method, JsonNode? parameters) =>
        WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public Task CancelAsync(PendingRequest request) => NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = request.Id });

    /// <summary>Peak resident set size of the server process (VmHWM from /proc), or null where /proc is unavailable.</summary>
    public long? PeakRssBytes() => ProcStatus.PeakRssBytes(process.Id);

    public async Task ShutdownAsync(TimeSpan timeout)
    {
        try
        {
            await RequestAsync("shutdown", null, timeout).ConfigureAwait(false);
            await NotifyAsync("exit", null).ConfigureAwait(false);
            await process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine("e2e: server did not shut down cleanly: " + ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        try
        {
            await readLoop.ConfigureAwait(false);
        }
        catch (IOException)
        {
        }

        process.Dispose();
        writeLock.Dispose();
    }

    private async Task WriteAsync(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n"));
        await writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await input.WriteAsync(header).ConfigureAwait(false);
            await input.WriteAsync(body).ConfigureAwait(false);
            await input.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var reader = new BufferedStream(output, 1 << 16);
        while (true)
        {
            var length = await ReadHeaderAsync(reader).ConfigureAwait(false);
            if (length < 0)
            {
                break;
            }

            var body = new byte[length];
            await reader.ReadExactlyAsync(body).ConfigureAwait(false);
            Dispatch(JsonNode.Parse(body)!.AsObject());
        }

        foreach (var request in pending.Values)
        {
            request.Fail(new IOException("the server closed its output"));
        }
    }

    private void Dispatch(JsonObject message)
    {
        var hasId = message.TryGetPropertyValue("id", out var idNode) && idNode is not null;
        var method = message["method"]?.GetValue<string>();
        if (method is null && hasId)
        {
            var id = idNode!.GetValueKind() == JsonValueKind.Number ? idNode.GetValue<long>() : long.Parse(idNode.GetValue<string>(), CultureInfo.InvariantCulture);
            if (pending.TryRemove(id, out var request))
            {
                request.Complete(new LspResponse(message["result"]?.DeepClone(), message["error"]?.DeepClone()));
            }

            return;
        }

        if (method is null)
        {
            return;
        }

        if (!hasId)
        {
            Notifications.AddOrUpdate(method, 1, (_, n) => n + 1);
            if (method == "paperlsp/status" && message["params"]?["state"]?.GetValue<string>() is { } state)
            {
                LastStatusState = state;
            }

            return;
        }

        JsonNode? result = null;
        if (method == "workspace/configuration")
        {
            var items = message["params"]?["items"]?.AsArray().Count ?? 1;
            var array = new JsonArray();
            for (var i = 0; i < items; i++)
            {
                array.Add(Settings.DeepClone());
            }

            result = array;
        }

        _ = WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = idNode!.DeepClone(), ["result"] = result });
    }

    private static async Task<int> ReadHeaderAsync(Stream stream)
    {
        var line = new StringBuilder();
        var length = -1;
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one).ConfigureAwait(false) == 0)
            {
                return -1;
            }

            if (one[0] != '\n')
            {
                if (one[0] != '\r')
                {
                    line.Append((char)one[0]);
                }

                continue;
            }

            if (line.Length == 0)
            {
                return length;
            }

            var text = line.ToString();
            if (text.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(text.AsSpan("Content-Length:".Length).Trim(), CultureInfo.InvariantCulture);
            }

            line.Clear();
        }
    }
}
