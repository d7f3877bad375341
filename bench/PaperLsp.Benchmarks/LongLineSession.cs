using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.TestSupport;

namespace PaperLsp.Benchmarks;

/// <summary>
/// One typing session on a one-line document against a real server process (see <see cref="LongLineBenchmark"/>):
/// didOpen, then at a sentence boundary in the middle of the line and again just before <c>\end{document}</c> (the
/// end of the line) a citing sentence typed one character at a time (each keystroke an incremental didChange followed
/// by a hover at the cursor, which the server answers only after applying the change: the keystroke's time is from
/// sending the change to that answer), then <c>~\citep{}</c> with a completion at the empty key and one per key-prefix
/// keystroke, a hover on the typed key and a code action on the sentence; last, the diagnostics of the final version.
/// </summary>
internal sealed class LongLineSession(
    string label,
    string serverDll,
    JsonObject settings,
    string workspace,
    LongLineDocument document,
    IReadOnlyList<(string Sentence, string Key, string Macro)> sentences,
    int keystrokeMs,
    TimeSpan warmTimeout,
    TimeSpan requestTimeout)
{
    public const string Keystroke = "keystroke (didChange+hover)";
    public const string Completion = "completion after keystroke";
    private readonly LatencyRecorder recorder = new();

    public async Task<LongLineFigures> RunAsync()
    {
        var sinceStart = Stopwatch.StartNew();
        var (launchFile, launchArgs) = ServerLaunch.Serve(serverDll);
        await using var client = LspTestClient.StartProcess(launchFile, launchArgs);
        client.Configuration = settings.DeepClone();
        var rootUri = new Uri(workspace + Path.DirectorySeparatorChar).AbsoluteUri;
        await Send(client, "initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = rootUri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "paper" }),
            ["capabilities"] = new JsonObject
            {
                ["workspace"] = new JsonObject { ["configuration"] = true, ["workspaceFolders"] = true },
                ["textDocument"] = new JsonObject
                {
                    ["hover"] = new JsonObject { ["contentFormat"] = new JsonArray("markdown", "plaintext") },
                    ["codeAction"] = new JsonObject { ["codeActionLiteralSupport"] = new JsonObject { ["codeActionKind"] = new JsonObject { ["valueSet"] = new JsonArray("quickfix", "refactor") } } },
                },
            },
        }).Response.WaitAsync(requestTimeout).ConfigureAwait(false);
        await client.NotifyAsync("initialized", new JsonObject()).ConfigureAwait(false);
        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["paperlsp"] = settings.DeepClone() } }).ConfigureAwait(false);
        while (client.LastStatusState() != "ready" && sinceStart.Elapsed < warmTimeout)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        Console.WriteLine($"[{label}] server status {client.LastStatusState() ?? "none"} after {sinceStart.Elapsed.TotalMilliseconds:F0} ms; document {document.Text.Length / 1e6:F2} M chars, {document.Text.AsSpan().Count('\n')} line break(s)");
        var open = Stopwatch.StartNew();
        await client.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = document.Uri, ["languageId"] = "latex", ["version"] = document.Version, ["text"] = document.Text },
        }).ConfigureAwait(false);
        await Send(client, "textDocument/hover", document.PositionParams(0)).Response.WaitAsync(requestTimeout).ConfigureAwait(false);
        Console.WriteLine($"[{label}] didOpen answered (a hover after it) in {open.Elapsed.TotalMilliseconds:F0} ms");
        var firstDiagnostics = await DiagnosticsAsync(client, document.Version).ConfigureAwait(false);
        Console.WriteLine($"[{label}] first diagnostics: {Describe(firstDiagnostics)}");

        var middle = document.SentenceBoundaryAfter(document.Text.Length / 2);
        var sites = new List<(string Where, Func<int> At)>
        {
            ("middle", () => middle),
            ("end", () => document.Text.LastIndexOf("\\end{document}", StringComparison.Ordinal)),
        };
        var session = Stopwatch.StartNew();
        var checks = new List<string>();
        for (var i = 0; i < sentences.Count; i++)
        {
            var (where, at) = sites[i % sites.Count];
            var offset = at();
            var (sentence, key, macro) = sentences[i];
            offset = await TypeAsync(client, offset, sentence + "~\\" + macro).ConfigureAwait(false);
            await client.NotifyAsync("textDocument/didChange", document.Insert(offset, "{}")).ConfigureAwait(false);
            offset++;
            var empty = await MeasureAsync(client, Completion, "textDocument/completion", document.PositionParams(offset)).ConfigureAwait(false);
            foreach (var c in key[..Math.Min(3, key.Length)])
            {
                await client.NotifyAsync("textDocument/didChange", document.Insert(offset, c.ToString())).ConfigureAwait(false);
                offset++;
                await MeasureAsync(client, Completion, "textDocument/completion", document.PositionParams(offset)).ConfigureAwait(false);
                await Task.Delay(keystrokeMs).ConfigureAwait(false);
            }

            if (key.Length > 3)
            {
                await client.NotifyAsync("textDocument/didChange", document.Insert(offset, key[3..])).ConfigureAwait(false);
                offset += key.Length - 3;
            }

            var hover = await MeasureAsync(client, "hover on the typed key", "textDocument/hover", document.PositionParams(offset - 1)).ConfigureAwait(false);
            offset++; // past '}'
            await client.NotifyAsync("textDocument/didChange", document.Insert(offset, ". ")).ConfigureAwait(false);
            var sentenceStart = offset - sentence.Length - macro.Length - key.Length - 4;
            var actions = await MeasureAsync(client, "codeAction", "textDocument/codeAction", new JsonObject
            {
                ["textDocument"] = document.Identifier(),
                ["range"] = document.Range(sentenceStart + (sentence.Length / 2), sentenceStart + (sentence.Length / 2)),
                ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(), ["triggerKind"] = 1 },
            }).ConfigureAwait(false);
            checks.Add($"{where}: completion at the empty key {Items(empty)} items (first '{FirstLabel(empty)}'), hover on '{key}' {(hover?.Result is JsonObject ? "a card" : "none")}, code actions {Items(actions)}");
        }

        var final = await DiagnosticsAsync(client, document.Version).ConfigureAwait(false);
        var peak = client.ProcessId is { } pid ? ProcStatus.PeakRssBytes(pid) : null;
        Console.WriteLine($"[{label}] session: {sentences.Count} sentences typed in {session.Elapsed.TotalSeconds:F1} s (load average {EndToEndBenchmark.LoadAverage()}); server peak RSS {(peak is { } b ? $"{b / 1048576.0:F0} MiB" : "n/a")}");
        foreach (var check in checks)
        {
            Console.WriteLine($"[{label}]   {check}");
        }

        Console.WriteLine($"[{label}] diagnostics of the final version {document.Version}: {Describe(final)}");
        recorder.Print(Console.Out);
        await ShutdownAsync(client).ConfigureAwait(false);
        return new LongLineFigures(label, recorder.Sorted(Keystroke), recorder.Sorted(Completion));
    }

    private async Task<int> TypeAsync(LspTestClient client, int at, string text)
    {
        foreach (var c in text)
        {
            var change = document.Insert(at, c.ToString());
            at++;
            var probe = document.PositionParams(at);
            var clock = Stopwatch.StartNew();
            await client.NotifyAsync("textDocument/didChange", change).ConfigureAwait(false);
            var response = await Send(client, "textDocument/hover", probe).Response.WaitAsync(requestTimeout).ConfigureAwait(false);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (response.Error is null)
            {
                recorder.Add(Keystroke, elapsed, 0, $"(version {document.Version})");
            }
            else
            {
                recorder.AddError(Keystroke);
            }

            if (keystrokeMs > 0)
            {
                await Task.Delay(keystrokeMs).ConfigureAwait(false);
            }
        }

        return at;
    }

    private async Task<LspResponse?> MeasureAsync(LspTestClient client, string name, string method, JsonNode parameters)
    {
        var request = Send(client, method, parameters);
        var response = await request.Response.WaitAsync(requestTimeout).ConfigureAwait(false);
        if (response.Error is not null)
        {
            recorder.AddError(name);
            Console.Error.WriteLine($"[{label}] {method} error {response.Error.ToJsonString()}");
            return null;
        }

        recorder.Add(name, request.LatencyMs ?? double.NaN, response.ItemCount, $"(version {document.Version})");
        return response;
    }

    /// <summary>The diagnostics the server publishes for the document at <paramref name="version"/> (waits up to the request timeout).</summary>
    private async Task<JsonElement?> DiagnosticsAsync(LspTestClient client, int version)
    {
        try
        {
            var message = await client.WaitForMessageAsync(
                m => LspTestClient.IsMethod(m, "textDocument/publishDiagnostics")
                    && m.GetProperty("params").GetProperty("uri").GetString() == document.Uri
                    && m.GetProperty("params").TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.GetInt32() == version,
                requestTimeout).ConfigureAwait(false);
            return message.GetProperty("params").GetProperty("diagnostics");
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static string Describe(JsonElement? diagnostics) => diagnostics is not { } list
        ? "none published in time"
        : $"{list.GetArrayLength()} ({string.Join(", ", list.EnumerateArray().GroupBy(d => d.TryGetProperty("code", out var c) ? c.GetString() : "?").Select(g => $"{g.Key} ×{g.Count()}"))})";

    private static int Items(LspResponse? response) => response?.ItemCount ?? -1;

    private static string FirstLabel(LspResponse? response) =>
        response?.Result?["items"] is JsonArray { Count: > 0 } items ? items[0]?["label"]?.GetValue<string>() ?? "" : "";

    private PendingRequest Send(LspTestClient client, string method, JsonNode? parameters) =>
        PendingRequest.Send(client, method, parameters, requestTimeout);

    private static async Task ShutdownAsync(LspTestClient client)
    {
        try
        {
            await client.RequestAsync("shutdown", null, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await client.NotifyAsync("exit").ConfigureAwait(false);
            await client.Server.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine("longline: server did not shut down cleanly: " + ex.Message);
        }
    }
}
