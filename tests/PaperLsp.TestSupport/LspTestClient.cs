using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nerdbank.Streams;
using PaperLsp.Server;
using Xunit;

namespace PaperLsp.TestSupport;

/// <summary>
/// A raw LSP client over an in-process duplex stream or a server process's stdio: writes Content-Length frames (or
/// any bytes), reads the server's frames, answers server→client requests, and records notifications. Every wait is
/// bounded. The one LSP client of the tests and of the benchmarks.
/// </summary>
public sealed class LspTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Stream fromServer;
    private readonly Stream toServer;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> pending = new();
    private readonly ConcurrentDictionary<long, (long ReadAt, int Bytes)> responseReads = new();
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly Task readLoop;
    private Process? process;
    private long nextId;
    private volatile bool closedByClient;

    private LspTestClient(Stream fromServer, Stream toServer, Task<int> server, CancellationTokenSource cancellation, ConcurrentQueue<string> log, bool readerThread = false)
    {
        this.fromServer = fromServer;
        this.toServer = toServer;
        Log = log;
        Server = server;
        Cancellation = cancellation;
        // over blocking streams the loop's reads complete where they are made: on a thread of its own
        readLoop = readerThread
            ? Task.Factory.StartNew(ReadLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()
            : Task.Run(ReadLoopAsync);
    }

    /// <summary>The server's RunAsync task (its exit code).</summary>
    public Task<int> Server { get; }

    public CancellationTokenSource Cancellation { get; }

    /// <summary>Notifications and requests the server sent, in order.</summary>
    public ConcurrentQueue<JsonElement> Received { get; } = new();

    /// <summary>Log lines written by the server's sink.</summary>
    public ConcurrentQueue<string> Log { get; }

    /// <summary>Answers server→client requests; default: configuration → [Configuration], applyEdit → applied, others → null.</summary>
    public Func<string, JsonElement, JsonNode?>? AnswerServerRequest { get; set; }

    /// <summary>What workspace/configuration answers for the first item.</summary>
    public JsonNode? Configuration { get; set; }

    /// <summary>
    /// When set, the read loop notes for each response the <see cref="Stopwatch"/> timestamp at which its frame was read
    /// whole, before it is parsed or anyone awaiting it runs (<see cref="TakeResponseRead"/>): a benchmark can then tell
    /// the time on the pipe and in the server from the time its own awaiting code took to see the answer.
    /// </summary>
    public bool RecordResponseReads { get; set; }

    /// <summary>When and with how many bytes the response to request <paramref name="id"/> was read (<see cref="RecordResponseReads"/>), once.</summary>
    public (long ReadAt, int Bytes)? TakeResponseRead(long id) => responseReads.TryRemove(id, out var read) ? read : null;

    /// <summary>Set when the client could not parse what the server sent (a test failure).</summary>
    public Exception? ReadError { get; private set; }

    /// <summary>Completes when the server closes its side of the stream.</summary>
    public Task Closed => readLoop;

    public static LspTestClient Start(LanguageServerOptions? options = null)
    {
        var (clientSide, serverSide) = FullDuplexStream.CreatePair();
        var cancellation = new CancellationTokenSource();
        var log = new ConcurrentQueue<string>();
        var effective = options ?? new LanguageServerOptions();
        var withLog = new LanguageServerOptions
        {
            LogSink = line => log.Enqueue(line),
            Handlers = effective.Handlers,
            FeatureServices = effective.FeatureServices,
            SettingsChanged = effective.SettingsChanged,
        };
        var server = Task.Run(async () =>
        {
            try
            {
                return await LanguageServerHost.RunAsync(serverSide, serverSide, withLog, cancellation.Token);
            }
            finally
            {
                serverSide.Dispose();
            }
        });
        return new LspTestClient(clientSide, clientSide, server, cancellation, log);
    }

    /// <summary>A client for a server running elsewhere (e.g. a child process): its stdout, its stdin, its exit code.</summary>
    public static LspTestClient ForStreams(Stream fromServer, Stream toServer, Task<int> server, ConcurrentQueue<string> log) =>
        new(fromServer, toServer, server, new CancellationTokenSource(), log);

    /// <summary>
    /// Starts a server process (e.g. <c>dotnet paperlsp.dll serve --stdio</c>) and a client over its stdio; its stderr
    /// lines go to <see cref="Log"/>, and disposing the client kills the process if it is still running.
    /// <paramref name="environment"/> sets variables for it (a null value removes one it would inherit).
    /// </summary>
    public static LspTestClient StartProcess(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
        var log = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Enqueue(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync().ContinueWith(_ => process.ExitCode, TaskScheduler.Default);
        // the pipes read on the client's own thread and written from the sending one (BlockingStream)
        var client = new LspTestClient(
            new BufferedStream(new BlockingStream(process.StandardOutput.BaseStream), 1 << 16),
            new BlockingStream(process.StandardInput.BaseStream),
            exited,
            new CancellationTokenSource(),
            log,
            readerThread: true);
        client.process = process;
        return client;
    }

    /// <summary>The server process's id (a client of <see cref="StartProcess"/>), else null.</summary>
    public int? ProcessId => process?.Id;

    /// <summary>How many notifications of each method the server sent so far.</summary>
    public IReadOnlyDictionary<string, int> NotificationCounts() =>
        Received.Where(m => m.ValueKind == JsonValueKind.Object && !m.TryGetProperty("id", out _) && m.TryGetProperty("method", out _))
            .GroupBy(m => m.GetProperty("method").GetString() ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The <c>state</c> of the last <c>paperlsp/status</c> notification, or null before the first.</summary>
    public string? LastStatusState() =>
        Received.LastOrDefault(m => IsMethod(m, "paperlsp/status")) is { ValueKind: JsonValueKind.Object } status
        && status.TryGetProperty("params", out var p) && p.TryGetProperty("state", out var state) ? state.GetString() : null;

    /// <summary>Starts a server and initializes it with the given capabilities and initializationOptions.</summary>
    public static async Task<LspTestClient> StartInitializedAsync(LanguageServerOptions? options = null, JsonNode? capabilities = null, JsonNode? initializationOptions = null)
    {
        var client = Start(options);
        var response = await client.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = null,
            ["rootUri"] = "file:///home/writer/project",
            ["capabilities"] = capabilities ?? new JsonObject(),
            ["initializationOptions"] = initializationOptions,
            ["clientInfo"] = new JsonObject { ["name"] = "test-client", ["version"] = "1" },
        });
        Assert.True(response.TryGetProperty("result", out _), response.ToString());
        await client.NotifyAsync("initialized", new JsonObject());
        return client;
    }

    public long NewId() => Interlocked.Increment(ref nextId);

    /// <summary>Sends a request and waits (bounded by <paramref name="within"/>, else <see cref="Timeout"/>) for the whole response message.</summary>
    public Task<JsonElement> RequestAsync(string method, JsonNode? parameters = null, TimeSpan? within = null) => SendRequest(NewId(), method, parameters, within);

    public Task<JsonElement> RequestAsync(long id, string method, JsonNode? parameters) => SendRequest(id, method, parameters);

    /// <summary>Sends a request and returns the task of its response (failing after <paramref name="within"/>, else <see cref="Timeout"/>) without waiting.</summary>
    public Task<JsonElement> SendRequest(long id, string method, JsonNode? parameters, TimeSpan? within = null)
    {
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = completion;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        _ = SendAsync(message);
        return completion.Task.WaitAsync(within ?? Timeout);
    }

    public Task NotifyAsync(string method, JsonNode? parameters = null)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        return SendAsync(message);
    }

    public Task SendAsync(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        return SendRawAsync([.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body]);
    }

    public async Task SendRawAsync(byte[] bytes)
    {
        await writeLock.WaitAsync();
        try
        {
            await toServer.WriteAsync(bytes);
            await toServer.FlushAsync();
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>Closes the client's sending side (the server sees end of input).</summary>
    public void CloseOutput()
    {
        closedByClient = true;
        toServer.Dispose();
    }

    /// <summary>Sends shutdown and exit and returns the server's exit code.</summary>
    public async Task<int> ShutdownAndExitAsync()
    {
        var response = await RequestAsync("shutdown");
        Assert.True(response.TryGetProperty("result", out _), response.ToString());
        await NotifyAsync("exit");
        return await Server.WaitAsync(Timeout);
    }

    /// <summary>Waits (bounded) until a message matching the predicate arrived from the server.</summary>
    public async Task<JsonElement> WaitForMessageAsync(Func<JsonElement, bool> predicate, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? Timeout);
        while (true)
        {
            foreach (var message in Received)
            {
                if (predicate(message))
                {
                    return message;
                }
            }

            await Task.Delay(10, timeout.Token);
        }
    }

    public static bool IsMethod(JsonElement message, string method) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("method", out var m) && m.GetString() == method;

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
        }

        await Cancellation.CancelAsync();
        try
        {
            await Server.WaitAsync(Timeout);
        }
        catch (Exception)
        {
            // the test already failed or the server ended with an error; nothing more to do.
        }

        toServer.Dispose();
        fromServer.Dispose();
        Cancellation.Dispose();
        writeLock.Dispose();
        process?.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var body = await ReadFrameAsync();
                if (body is null)
                {
                    return;
                }

                var readAt = Stopwatch.GetTimestamp();

                var message = JsonDocument.Parse(body).RootElement.Clone();
                if (message.ValueKind != JsonValueKind.Object)
                {
                    Received.Enqueue(message); // e.g. the array of errors that answers a batch
                    continue;
                }

                var hasMethod = message.TryGetProperty("method", out var method);
                var hasId = message.TryGetProperty("id", out var id);
                if (!hasMethod && hasId && id.ValueKind == JsonValueKind.Number && pending.TryRemove(id.GetInt64(), out var waiter))
                {
                    if (RecordResponseReads)
                    {
                        responseReads[id.GetInt64()] = (readAt, body.Length);
                    }

                    waiter.TrySetResult(message);
                    continue;
                }

                Received.Enqueue(message);
                if (hasMethod && hasId)
                {
                    var parameters = message.TryGetProperty("params", out var p) ? p : default;
                    var answer = AnswerServerRequest?.Invoke(method.GetString()!, parameters) ?? DefaultAnswer(method.GetString()!, parameters);
                    await SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(id.GetRawText()), ["result"] = answer });
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // closed
        }
        catch (Exception e) when (!closedByClient)
        {
            ReadError = e;
        }
        catch (Exception)
        {
            // The in-process stream serves both directions: closing our output also ends our reading.
        }
        finally
        {
            foreach (var waiter in pending.Values)
            {
                waiter.TrySetException(new IOException("the server closed the connection"));
            }
        }
    }

    private JsonNode? DefaultAnswer(string method, JsonElement parameters) => method switch
    {
        "workspace/configuration" => new JsonArray([.. Enumerable.Range(0, ConfigurationItems(parameters)).Select(_ => Configuration?.DeepClone())]),
        "workspace/applyEdit" => new JsonObject { ["applied"] = true },
        _ => null,
    };

    /// <summary>How many items a workspace/configuration request asks for (one when it does not say).</summary>
    private static int ConfigurationItems(JsonElement parameters) =>
        parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array
            ? Math.Max(1, items.GetArrayLength())
            : 1;

    private async Task<byte[]?> ReadFrameAsync()
    {
        var header = new StringBuilder();
        var one = new byte[1];
        while (!(header.Length >= 4 && header[^4] == '\r' && header[^3] == '\n' && header[^2] == '\r' && header[^1] == '\n'))
        {
            if (await fromServer.ReadAsync(one) == 0)
            {
                return null;
            }

            header.Append((char)one[0]);
        }

        var length = header.ToString().Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture))
            .First();
        var body = new byte[length];
        await fromServer.ReadExactlyAsync(body);
        return body;
    }
}
