using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PaperLsp.TestSupport;

namespace PaperLsp.Benchmarks;

/// <summary>One scripted editing session against a real server process (see <see cref="EndToEndBenchmark"/>).</summary>
internal sealed partial class EndToEndSession(
    string serverDll,
    JsonObject settings,
    string workspace,
    string texPath,
    int sentenceCount,
    int keystrokeMs,
    TimeSpan warmTimeout,
    TimeSpan requestTimeout,
    bool startOnly = false)
{
    private readonly LatencyRecorder recorder = new();
    private int keystrokes;
    private bool incremental;

    public async Task<int> RunAsync()
    {
        var original = await File.ReadAllTextAsync(texPath).ConfigureAwait(false);
        var citing = CitingSentences(original).Take(sentenceCount).ToList();
        if (citing.Count == 0)
        {
            Console.Error.WriteLine("e2e: the document has no \\cite with a plain sentence before it to replay");
            return 1;
        }

        var sinceStart = Stopwatch.StartNew();
        var (launchFile, launchArgs) = ServerLaunch.Serve(serverDll);
        await using var client = LspTestClient.StartProcess(launchFile, launchArgs);
        client.Configuration = settings.DeepClone();
        client.RecordResponseReads = true;
        await using var memory = client.ProcessId is { } serverPid ? new ProcMemorySampler(serverPid, TimeSpan.FromMilliseconds(250)) : null;
        var rootUri = new Uri(workspace + Path.DirectorySeparatorChar).AbsoluteUri;
        var init = await ResultAsync(client, "initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["rootUri"] = rootUri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "paper" }),
            ["initializationOptions"] = settings.DeepClone(),
            ["capabilities"] = new JsonObject
            {
                // As VS Code (vscode-languageclient 9) announces: symbol ranges may be resolved lazily.
                ["workspace"] = new JsonObject
                {
                    ["configuration"] = true,
                    ["workspaceFolders"] = true,
                    ["symbol"] = new JsonObject { ["resolveSupport"] = new JsonObject { ["properties"] = new JsonArray("location.range") } },
                },
                ["window"] = new JsonObject { ["workDoneProgress"] = true },
                ["textDocument"] = new JsonObject
                {
                    ["completion"] = new JsonObject { ["completionItem"] = new JsonObject { ["snippetSupport"] = true, ["documentationFormat"] = new JsonArray("markdown", "plaintext") } },
                    ["hover"] = new JsonObject { ["contentFormat"] = new JsonArray("markdown", "plaintext") },
                    ["codeAction"] = new JsonObject { ["codeActionLiteralSupport"] = new JsonObject { ["codeActionKind"] = new JsonObject { ["valueSet"] = new JsonArray("quickfix", "refactor", "refactor.rewrite") } } },
                },
            },
        }).ConfigureAwait(false);
        var initializedAt = sinceStart.Elapsed;
        var cpuAtInitialize = client.ProcessId is { } initPid ? ProcStatus.CpuTime(initPid) : null;
        var sync = init?["capabilities"]?["textDocumentSync"];
        incremental = sync is JsonValue v ? v.GetValue<int>() == 2 : sync?["change"]?.GetValue<int>() == 2;
        await client.NotifyAsync("initialized", new JsonObject()).ConfigureAwait(false);
        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["paperlsp"] = settings.DeepClone() } }).ConfigureAwait(false);

        var document = new EndToEndDocument(new Uri(texPath).AbsoluteUri, original);
        await client.NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = document.Uri, ["languageId"] = "latex", ["version"] = document.Version, ["text"] = original },
        }).ConfigureAwait(false);

        // Cold start: completion right after the first existing \cite{ of the document.
        var firstSite = CiteOpenings().Match(original);
        var coldOffset = firstSite.Index + firstSite.Length;
        var first = Send(client, "textDocument/completion", Completion(document, coldOffset, "{"));
        var firstResponse = await first.Response.WaitAsync(requestTimeout).ConfigureAwait(false);
        var firstAt = sinceStart.Elapsed;
        var firstNonEmptyAt = firstResponse.ItemCount > 0 ? firstAt : (TimeSpan?)null;
        while (firstNonEmptyAt is null && sinceStart.Elapsed < warmTimeout)
        {
            await Task.Delay(250).ConfigureAwait(false);
            var retry = await Send(client, "textDocument/completion", Completion(document, coldOffset, "{")).Response.WaitAsync(requestTimeout).ConfigureAwait(false);
            if (retry.ItemCount > 0)
            {
                firstNonEmptyAt = sinceStart.Elapsed;
            }
        }

        // Index readiness: a paper from the middle of the index (not from the workspace .bib) is found by workspace/symbol.
        TimeSpan? indexReadyAt = null;
        var probe = ProbePaper(settings["indexPath"]!.GetValue<string>());
        if (probe is not null)
        {
            while (indexReadyAt is null && sinceStart.Elapsed < warmTimeout)
            {
                var found = await Send(client, "workspace/symbol", new JsonObject { ["query"] = probe }).Response.WaitAsync(requestTimeout).ConfigureAwait(false);
                if (found.Result is JsonArray symbols && symbols.Any(x => string.Equals(x?["name"]?.GetValue<string>(), probe, StringComparison.OrdinalIgnoreCase)))
                {
                    indexReadyAt = sinceStart.Elapsed;
                }
                else
                {
                    await Task.Delay(250).ConfigureAwait(false);
                }
            }
        }

        var memoryAtIndexReady = memory?.Sample();
        var cpuAtIndexReady = client.ProcessId is { } readyPid ? ProcStatus.CpuTime(readyPid) : null;

        // Full speed: the server says "ready" once background work (indexing, embedding, loading the full-text index into
        // memory) is done; the typing session starts then.
        while (client.LastStatusState() != "ready" && sinceStart.Elapsed < warmTimeout)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        TimeSpan? readyAt = client.LastStatusState() == "ready" ? sinceStart.Elapsed : null;
        Console.WriteLine(client.LastStatusState() == "ready"
            ? $"cold start to status ready (background work done): {sinceStart.Elapsed.TotalMilliseconds:F0} ms after launch"
            : $"status ready: not within {warmTimeout.TotalSeconds:F0} s (last state {client.LastStatusState() ?? "none"}); measuring anyway");
        Console.WriteLine(indexReadyAt is { } ready
            ? $"cold start to index-backed results (workspace/symbol finds index paper '{probe}'): {ready.TotalMilliseconds:F0} ms after launch"
            : $"cold start to index-backed results: not within {warmTimeout.TotalSeconds:F0} s (probe '{probe}')");
        Console.WriteLine($"cold start: initialize answered {initializedAt.TotalMilliseconds:F0} ms after launch; first completion answered {firstAt.TotalMilliseconds:F0} ms after launch ({firstResponse.ItemCount} items, {first.LatencyMs:F0} ms for the request)");
        Console.WriteLine(firstNonEmptyAt is { } warm
            ? $"cold start to first non-empty completion: {warm.TotalMilliseconds:F0} ms"
            : $"cold start to first non-empty completion: none within {warmTimeout.TotalSeconds:F0} s (the server answers empty completions)");
        Console.WriteLine($"start-up summary: index-backed {Ms(indexReadyAt)}, first non-empty completion {Ms(firstNonEmptyAt)}, initialize {Ms(initializedAt)}, status ready {Ms(readyAt)}; server CPU time (user+sys) at initialize {Ms(cpuAtInitialize)}, at index-backed {Ms(cpuAtIndexReady)}; server memory at index-backed: {memoryAtIndexReady?.ToString() ?? "n/a"}");
        if (startOnly)
        {
            await ShutdownAsync(client, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            PrintServerLog(client, 40);
            return indexReadyAt is null ? 1 : 0;
        }

        Console.WriteLine($"document sync: {(incremental ? "incremental" : "full")}; replaying {citing.Count} citing sentences at {keystrokeMs} ms per keystroke");

        // Type each citing sentence as a new paragraph after \section{Introduction} (or at the start of the body).
        var anchor = original.IndexOf("\\section{Introduction}", StringComparison.Ordinal);
        var at = anchor >= 0 ? original.IndexOf('\n', anchor) + 1 : Math.Max(0, original.IndexOf("\\begin{document}", StringComparison.Ordinal));
        var session = Stopwatch.StartNew();
        var serverCpuAtStart = client.ProcessId is { } startPid ? ProcStatus.CpuTime(startPid) : null;
        var clientCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var symbolQueries = 0;
        foreach (var (sentence, key, macro) in citing)
        {
            await client.NotifyAsync("textDocument/didChange", document.Insert(at, "\n", incremental)).ConfigureAwait(false);
            at++;
            var sentenceStart = at;
            at = await TypeAsync(client, document, at, sentence + "~\\" + macro).ConfigureAwait(false);

            // Typing '{' triggers completion; the writer waits for the list.
            await client.NotifyAsync("textDocument/didChange", document.Insert(at, "{}", incremental)).ConfigureAwait(false);
            keystrokes++;
            at++;
            await MeasureAsync(Send(client, "textDocument/completion", Completion(document, at, "{")), FirstCompletion).ConfigureAwait(false);

            // Typing the key prefix: a completion per keystroke; an unanswered one is cancelled by the next keystroke.
            PendingRequest? outstanding = null;
            foreach (var c in key[..Math.Min(4, key.Length)])
            {
                await CancelIfOutstandingAsync(client, outstanding).ConfigureAwait(false);
                await client.NotifyAsync("textDocument/didChange", document.Insert(at, c.ToString(), incremental)).ConfigureAwait(false);
                keystrokes++;
                at++;
                outstanding = Send(client, "textDocument/completion", Completion(document, at, null));
                _ = MeasureAsync(outstanding, KeyCompletion);
                await Task.Delay(keystrokeMs).ConfigureAwait(false);
            }

            if (outstanding is not null)
            {
                await outstanding.Response.WaitAsync(requestTimeout).ConfigureAwait(false);
            }

            // The writer accepts the key: the rest of it replaces the prefix, then the closing brace and full stop.
            if (key.Length > 4)
            {
                await client.NotifyAsync("textDocument/didChange", document.Insert(at, key[4..], incremental)).ConfigureAwait(false);
                at += key.Length - 4;
            }

            var keyOffset = at - 1;
            at++; // past the '}' inserted with '{'
            await client.NotifyAsync("textDocument/didChange", document.Insert(at, ".", incremental)).ConfigureAwait(false);
            at++;

            await MeasureAsync(Send(client, "textDocument/hover", document.PositionParams(keyOffset))).ConfigureAwait(false);
            if (NthCiteKeyOffset(document.Text, symbolQueries * 7 + 3) is { } existingKey)
            {
                await MeasureAsync(Send(client, "textDocument/hover", document.PositionParams(existingKey))).ConfigureAwait(false);
            }

            await MeasureAsync(Send(client, "textDocument/codeAction", new JsonObject
            {
                ["textDocument"] = document.Identifier(),
                ["range"] = document.Range(sentenceStart, sentenceStart + sentence.Length),
                ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(), ["triggerKind"] = 1 },
            })).ConfigureAwait(false);

            // A workspace symbol query typed character by character (outdated queries cancelled).
            PendingRequest? symbol = null;
            foreach (var prefix in Prefixes(SymbolQuery(sentence), 3))
            {
                await CancelIfOutstandingAsync(client, symbol).ConfigureAwait(false);
                symbol = Send(client, "workspace/symbol", new JsonObject { ["query"] = prefix });
                _ = MeasureAsync(symbol);
                await Task.Delay(keystrokeMs).ConfigureAwait(false);
            }

            if (symbol is not null)
            {
                await symbol.Response.WaitAsync(requestTimeout).ConfigureAwait(false);
            }

            symbolQueries++;
        }

        // Let in-flight measurement continuations finish before printing.
        await Task.Delay(200).ConfigureAwait(false);
        var peak = client.ProcessId is { } pid ? ProcStatus.PeakRssBytes(pid) : null;
        Console.WriteLine($"session: {keystrokes:N0} keystrokes (didChange) in {session.Elapsed.TotalSeconds:F1} s; {recorder.CancelledCount} requests cancelled, {recorder.ErrorCount} errors");
        var serverCpuAtEnd = client.ProcessId is { } endPid ? ProcStatus.CpuTime(endPid) : null;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuAtStart;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU time (user+sys) during the session: server {(serverCpuAtEnd - serverCpuAtStart)?.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture) ?? "n/a"} ms, this benchmark client {clientCpu.TotalMilliseconds:F0} ms"));
        recorder.Print(Console.Out);
        Console.WriteLine($"(rows ending \"{ReadSuffix}\": sent → the whole response read by the client's read loop, before it parses it; the others: → the awaiting code saw it)");
        lock (recorder)
        {
            if (RequestsFile is { } requestsFile)
            {
                File.WriteAllLines(requestsFile, requestRows);
                Console.WriteLine($"measured requests written to {requestsFile}");
            }

            var kib = responseBytes.Order().Select(b => b / 1024.0).ToList();
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"measured responses: {kib.Count}, size p50 / p90 / max {LatencyRecorder.Percentile(kib, 0.5):F1} / {LatencyRecorder.Percentile(kib, 0.9):F1} / {(kib.Count > 0 ? kib[^1] : 0):F1} KiB"));
        }

        Console.WriteLine(peak is { } bytes ? $"server peak RSS (VmHWM): {bytes / 1048576.0:F0} MiB" : "server peak RSS: n/a (no /proc)");
        if (memory is not null && client.ProcessId is { } id)
        {
            Console.WriteLine($"server memory at the largest sampled RSS (every 250 ms): {memory.Largest?.ToString() ?? "n/a"}");
            Console.WriteLine($"server memory at the end of the session: {memory.Sample()?.ToString() ?? "n/a"}; {ProcStatus.OpenHandles(id, settings["indexPath"]!.GetValue<string>())} open handles on the index file (SQLite connections)");
        }

        Console.WriteLine("notifications from the server: " + string.Join(", ", client.NotificationCounts().OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => $"{n.Key} ×{n.Value}")));
        await ShutdownAsync(client, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        PrintServerLog(client, 12);
        PrintSlowRequests(client);
        if (RequestsFile is { } serverRows)
        {
            File.WriteAllLines(serverRows + ".server", client.Log);
            Console.WriteLine($"the server's log written to {serverRows}.server");
        }

        return 0;
    }

    private static string Ms(TimeSpan? at) => at is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F0} ms") : "none";

    /// <summary>The server's own account of its slow requests (PAPERLSP_SLOW_REQUEST_MS sets what counts as slow).</summary>
    private static void PrintSlowRequests(LspTestClient client)
    {
        var slow = client.Log.Where(line => line.Contains("slow request ", StringComparison.Ordinal) || line.Contains("slow answer ", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"server's slow-request lines: {slow.Count}");
        foreach (var line in slow.Take(60))
        {
            Console.WriteLine("  " + line);
        }
    }

    private static void PrintServerLog(LspTestClient client, int lines)
    {
        var serverLog = client.Log.ToArray();
        Console.WriteLine($"server log (last {Math.Min(lines, serverLog.Length)} lines of stderr):");
        foreach (var line in serverLog.TakeLast(lines))
        {
            Console.WriteLine("  " + line);
        }
    }

    private async Task<int> TypeAsync(LspTestClient client, EndToEndDocument document, int at, string text)
    {
        foreach (var c in text)
        {
            await client.NotifyAsync("textDocument/didChange", document.Insert(at, c.ToString(), incremental)).ConfigureAwait(false);
            keystrokes++;
            at++;
            if (keystrokeMs > 0)
            {
                await Task.Delay(keystrokeMs).ConfigureAwait(false);
            }
        }

        return at;
    }

    private static async Task CancelIfOutstandingAsync(LspTestClient client, PendingRequest? request)
    {
        if (request is not null && !request.Response.IsCompleted)
        {
            await request.CancelAsync(client).ConfigureAwait(false);
        }
    }

    private PendingRequest Send(LspTestClient client, string method, JsonNode? parameters) =>
        PendingRequest.Send(client, method, parameters, requestTimeout);

    /// <summary>A request's result; an error answer throws.</summary>
    private async Task<JsonNode?> ResultAsync(LspTestClient client, string method, JsonNode? parameters)
    {
        var response = await Send(client, method, parameters).Response.WaitAsync(requestTimeout).ConfigureAwait(false);
        if (response.Error is not null)
        {
            throw new InvalidOperationException($"{method} failed: {response.Error.ToJsonString()}");
        }

        return response.Result;
    }

    /// <summary>shutdown and exit; a server that does not end within <paramref name="timeout"/> is reported (and killed when the client is disposed).</summary>
    private static async Task ShutdownAsync(LspTestClient client, TimeSpan timeout)
    {
        try
        {
            await client.RequestAsync("shutdown", null, timeout).ConfigureAwait(false);
            await client.NotifyAsync("exit").ConfigureAwait(false);
            await client.Server.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine("e2e: server did not shut down cleanly: " + ex.Message);
        }
    }

    private readonly Stopwatch sessionClock = Stopwatch.StartNew();

    /// <summary>Rows of their own for the two kinds of completion (they are also counted under textDocument/completion).</summary>
    private const string FirstCompletion = "  completion at the new '{'";

    /// <inheritdoc cref="FirstCompletion"/>
    private const string KeyCompletion = "  completion per key char";

    /// <summary>
    /// Rows measured to the moment the client's read loop had the whole response, before parsing it and scheduling the
    /// code awaiting it: the server's time plus the pipe's, without the benchmark client's own.
    /// </summary>
    private const string ReadSuffix = ", read";

    private readonly List<int> responseBytes = [];

    private readonly List<string> requestRows = ["id\tmethod\tkind\tanswered_s\tms\tread_ms\tbytes\tsent_us\tclient_gc_ms"];

    /// <summary>Where to write every measured request as a tab-separated row (null: nowhere).</summary>
    public string? RequestsFile { get; init; }

    private async Task MeasureAsync(PendingRequest request, string? kind = null)
    {
        try
        {
            var response = await request.Response.WaitAsync(requestTimeout).ConfigureAwait(false);
            lock (recorder)
            {
                if (response.WasCancelled)
                {
                    recorder.AddCancelled(request.Method);
                    if (kind is not null)
                    {
                        recorder.AddCancelled(kind);
                    }
                }
                else if (response.Error is not null)
                {
                    recorder.AddError(request.Method);
                    Console.Error.WriteLine($"e2e: {request.Method} error {response.Error.ToJsonString()}");
                }
                else
                {
                    var read = request.ReadMs is { } readMs ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", read off the pipe at {readMs:F1} ms, {request.ResponseBytes / 1024.0:F1} KiB") : "";
                    recorder.Add(request.Method, request.LatencyMs ?? double.NaN, response.ItemCount, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"(id {request.Id}, answered {sessionClock.Elapsed.TotalSeconds:F1} s into the run{(kind is null ? "" : ", " + kind.Trim())}{read}{(request.ClientPauseMs > 0 ? $", this client paused {request.ClientPauseMs:F1} ms by its own collector meanwhile" : "")})"));
                    if (kind is not null)
                    {
                        recorder.Add(kind, request.LatencyMs ?? double.NaN, response.ItemCount);
                    }

                    requestRows.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{request.Id}\t{request.Method}\t{kind?.Trim() ?? ""}\t{sessionClock.Elapsed.TotalSeconds:F3}\t{request.LatencyMs:F2}\t{request.ReadMs:F2}\t{request.ResponseBytes}\t{request.SentAtMicroseconds:F0}\t{request.ClientPauseMs:F2}"));
                    if (request.ReadMs is { } pipe)
                    {
                        recorder.Add((kind ?? request.Method) + ReadSuffix, pipe, response.ItemCount);
                        responseBytes.Add(request.ResponseBytes ?? 0);
                    }
                }
            }
        }
        catch (TimeoutException)
        {
            lock (recorder)
            {
                recorder.AddError(request.Method);
            }

            Console.Error.WriteLine($"e2e: {request.Method} (id {request.Id}) unanswered after {requestTimeout.TotalSeconds:F0} s");
        }
    }

    private static JsonObject Completion(EndToEndDocument document, int offset, string? trigger)
    {
        var p = document.PositionParams(offset);
        p["context"] = trigger is null
            ? new JsonObject { ["triggerKind"] = 1 }
            : new JsonObject { ["triggerKind"] = 2, ["triggerCharacter"] = trigger };
        return p;
    }

    /// <summary>Citing sentences of the document: the plain sentence before each \cite-like command and its first key.</summary>
    internal static IEnumerable<(string Sentence, string Key, string Macro)> CitingSentences(string text)
    {
        foreach (Match m in CiteCommands().Matches(text))
        {
            var end = m.Index;
            while (end > 0 && (text[end - 1] == '~' || text[end - 1] == ' '))
            {
                end--;
            }

            var start = end;
            while (start > 0 && text[start - 1] != '\n' && !(text[start - 1] == ' ' && start >= 2 && text[start - 2] == '.'))
            {
                start--;
            }

            var sentence = text[start..end].Trim();
            var key = m.Groups["keys"].Value.Split(',')[0].Trim();
            if (sentence.Length >= 40 && sentence.Length <= 300 && !sentence.Contains('\\', StringComparison.Ordinal) && !sentence.Contains('$', StringComparison.Ordinal)
                && !sentence.Contains('%', StringComparison.Ordinal) && key.Length > 0)
            {
                yield return (sentence, key, m.Groups["macro"].Value);
            }
        }
    }

    /// <summary>The citation key of a paper halfway through the index (read-only), or null when unreadable.</summary>
    private static string? ProbePaper(string indexPath)
    {
        try
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={indexPath};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT citation_key FROM papers WHERE id >= (SELECT max(id) / 2 FROM papers) ORDER BY id LIMIT 1";
            return cmd.ExecuteScalar() as string;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return null;
        }
    }

    private static int? NthCiteKeyOffset(string text, int n)
    {
        var matches = CiteOpenings().Matches(text);
        return matches.Count == 0 ? null : matches[n % matches.Count].Index + matches[n % matches.Count].Length + 1;
    }

    /// <summary>Two of the sentence's longest words, as someone searching for the paper would type them.</summary>
    private static string SymbolQuery(string sentence)
    {
        var words = WordPattern().Matches(sentence).Select(m => m.Value).Where(w => w.Length >= 5).ToList();
        return string.Join(' ', words.OrderByDescending(w => w.Length).Take(2).Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> Prefixes(string text, int minLength)
    {
        for (var n = Math.Min(minLength, text.Length); n <= text.Length; n++)
        {
            yield return text[..n];
        }
    }

    [GeneratedRegex(@"\\(?<macro>cite[a-z]*)\{(?<keys>[^}]*)\}")]
    private static partial Regex CiteCommands();

    [GeneratedRegex(@"\\cite[a-z]*\{")]
    private static partial Regex CiteOpenings();

    [GeneratedRegex(@"[A-Za-z][A-Za-z-]+")]
    private static partial Regex WordPattern();
}
