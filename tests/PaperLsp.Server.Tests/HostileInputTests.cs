using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.Server.Protocol;
using Xunit.Abstractions;

namespace PaperLsp.Server.Tests;

/// <summary>
/// Broken frames and payloads, case by case. A well-framed bad message is answered with the JSON-RPC error the
/// specification names (or, for a notification, only logged) and the session goes on: a completion is still answered
/// afterwards. Only broken framing may end the session, and then with one log line saying why (RunAsync returns 1).
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private static byte[] Frame(string body, string? lengthOverride = null) =>
        Encoding.ASCII.GetBytes($"Content-Length: {lengthOverride ?? Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture)}\r\n\r\n")
            .Concat(Encoding.UTF8.GetBytes(body)).ToArray();

    private static byte[] FrameBytes(byte[] body) =>
        [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"), .. body];

    /// <summary>What the server must do with the bytes: end the session, or answer (error code and id; null code = no answer) and go on.</summary>
    public sealed record Expectation(bool Ends, int? Code = null, long? Id = null, bool Batch = false)
    {
        public static Expectation EndsSession { get; } = new(true);

        public static Expectation Continues { get; } = new(false);

        public static Expectation Answers(int code, long? id = null) => new(false, code, id);
    }

    public static TheoryData<string, byte[], Expectation> Cases => new()
    {
        { "truncated frame", Frame("""{"jsonrpc":"2.0","id":900,"method":"test/settings"}""")[..30], Expectation.EndsSession },
        { "missing Content-Length", Encoding.ASCII.GetBytes("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":901,\"method\":\"test/settings\"}"), Expectation.EndsSession },
        { "non-numeric Content-Length", Frame("{}", "abc"), Expectation.EndsSession },
        { "negative Content-Length", Frame("{}", "-5"), Expectation.EndsSession },
        { "Content-Length beyond int", Frame("{}", "99999999999"), Expectation.EndsSession },
        { "huge Content-Length with little data", Frame("{}", "2000000000"), Expectation.EndsSession },
        { "Content-Length shorter than the body", Frame("""{"jsonrpc":"2.0","id":902,"method":"test/settings"}""", "10"), Expectation.EndsSession },
        { "binary garbage", Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray(), Expectation.EndsSession },
        { "bytes after a frame that are not a header", Frame("{\"jsonrpc\":\"2.0\",\"method\":\"x\"}").Concat(new byte[] { 0xC3, 0x28, 0xFF, 0xFE }).ToArray(), Expectation.EndsSession },
        { "invalid JSON", Frame("""{"jsonrpc":"2.0","id":903,"method":"""), Expectation.Answers(LspErrorCodes.ParseError) },
        { "invalid UTF-8 inside the body", FrameBytes([.. "{\"jsonrpc\":\"2.0\",\"id\":910,\"method\":\"test/settings\",\"params\":{\"a\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}}"u8]), Expectation.Answers(LspErrorCodes.ParseError) },
        { "JSON array", Frame("[1,2,3]"), new Expectation(false, LspErrorCodes.InvalidRequest, null, Batch: true) },
        { "batch of requests", Frame("""[{"jsonrpc":"2.0","id":911,"method":"test/settings"},{"jsonrpc":"2.0","method":"initialized","params":{}}]"""), new Expectation(false, LspErrorCodes.InvalidRequest, 911, Batch: true) },
        { "empty batch", Frame("[]"), Expectation.Answers(LspErrorCodes.InvalidRequest) },
        { "JSON string", Frame("\"hello\""), Expectation.Answers(LspErrorCodes.InvalidRequest) },
        { "method is a number", Frame("""{"jsonrpc":"2.0","id":904,"method":5}"""), Expectation.Answers(LspErrorCodes.InvalidRequest, 904) },
        { "id is an object", Frame("""{"jsonrpc":"2.0","id":{"a":1},"method":"test/settings"}"""), Expectation.Answers(LspErrorCodes.InvalidRequest) },
        { "wrong jsonrpc version", Frame("""{"jsonrpc":"1.0","id":905,"method":"test/settings"}"""), Expectation.Answers(LspErrorCodes.InvalidRequest, 905) },
        { "params is a string", Frame("""{"jsonrpc":"2.0","id":912,"method":"textDocument/hover","params":"file:///a.tex"}"""), Expectation.Answers(LspErrorCodes.InvalidParams, 912) },
        { "params is a string in a notification", Frame("""{"jsonrpc":"2.0","method":"textDocument/didOpen","params":"x"}"""), Expectation.Continues },
        { "params of the wrong inner types", Frame("""{"jsonrpc":"2.0","id":913,"method":"textDocument/hover","params":{"textDocument":"x","position":{"line":"a","character":0}}}"""), Expectation.Answers(LspErrorCodes.InvalidParams, 913) },
        { "deeply nested params", Frame("{\"jsonrpc\":\"2.0\",\"id\":906,\"method\":\"test/settings\",\"params\":" + new string('[', 5000) + new string(']', 5000) + "}"), Expectation.Answers(LspErrorCodes.ParseError) },
        { "result for an unknown request", Frame("""{"jsonrpc":"2.0","id":123456,"result":{}}"""), Expectation.Continues },
        { "params of wrong type for didChange", Frame("""{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":"x","contentChanges":7}}"""), Expectation.Continues },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_messages_are_answered_and_only_broken_framing_ends_the_session(string name, byte[] bytes, Expectation expected)
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams("file:///probe.tex", "As shown by \\cite{"));
        var received = client.Received.Count;
        await client.SendRawAsync(bytes);
        var probe = new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = "file:///probe.tex" },
            ["position"] = new JsonObject { ["line"] = 0, ["character"] = 18 },
        };
        if (expected.Ends)
        {
            // Broken framing: whatever follows (a completion request, then the end of input) cannot be read as LSP. The
            // session must end with 1 and exactly one line saying it was the framing, not a clean close.
            _ = client.SendRequest(client.NewId(), "textDocument/completion", probe);
            client.CloseOutput();
            Assert.Equal(1, await client.Server.WaitAsync(LspTestClient.Timeout));
            var reasons = client.Log.Where(l => l.Contains("ending the session: broken framing", StringComparison.Ordinal)).ToList();
            output.WriteLine($"{name}: {Assert.Single(reasons)}");
            return;
        }

        var completion = await client.RequestAsync("textDocument/completion", probe);
        JsonAssert.Result(completion);
        Assert.False(client.Server.IsCompleted, $"{name}: the session ended");
        if (expected.Id is { } awaited && !expected.Batch)
        {
            // A request that reached its handler is answered from the queue, perhaps after the completion: wait for it.
            await client.WaitForMessageAsync(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt64() == awaited);
        }

        var answers = client.Received.Skip(received).Where(m => m.ValueKind == JsonValueKind.Array || !m.TryGetProperty("method", out _)).ToList();
        if (expected.Code is not { } code)
        {
            Assert.Empty(answers);
            output.WriteLine($"{name}: no answer (a notification or a response), session goes on");
        }
        else
        {
            var answer = Assert.Single(answers);
            var errors = expected.Batch ? answer.EnumerateArray().ToList() : [answer];
            Assert.Equal(expected.Batch, answer.ValueKind == JsonValueKind.Array);
            foreach (var error in errors)
            {
                var message = JsonAssert.Error(error, code);
                Assert.DoesNotMatch(@"System\.|PaperLsp\.|Int32|String\b", message);
                output.WriteLine($"{name}: {code} {message}");
            }

            var id = errors[0].GetProperty("id");
            Assert.Equal(expected.Id, id.ValueKind == JsonValueKind.Null ? null : id.GetInt64());
        }

        Assert.Null(client.ReadError);
    }

    [Fact]
    public async Task Shutdown_with_params_null_is_answered_and_exit_ends_with_0()
    {
        // Several clients send "params": null for requests without parameters; that is no params, not -32602.
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        await client.SendRawAsync(Frame("""{"jsonrpc":"2.0","id":920,"method":"shutdown","params":null}"""));
        var answer = await client.WaitForMessageAsync(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt64() == 920);
        Assert.False(answer.TryGetProperty("error", out var error), error.ToString());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("result").ValueKind);
        await client.SendRawAsync(Frame("""{"jsonrpc":"2.0","method":"exit","params":null}"""));
        Assert.Equal(0, await client.Server.WaitAsync(LspTestClient.Timeout));
    }

    [Fact]
    public async Task A_change_outside_the_document_is_rejected_with_a_warning_and_a_full_text_change_resynchronises()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        const string uri = "file:///sync.tex";
        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams(uri, "line one\nline two\n"));

        // Line 7 does not exist in a 3-line document: rejected, the last good text kept, a warning logged.
        await client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, 2, Documents.Incremental(7, 0, 7, 4, "ghost")));
        JsonAssert.Result(await client.RequestAsync("textDocument/completion", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["position"] = new JsonObject { ["line"] = 0, ["character"] = 0 },
        }));
        Assert.Equal("line one\nline two\n", JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri(uri))).GetProperty("text").GetString());
        Assert.Contains(client.Log, l => l.Contains("didChange for file:///sync.tex version 2 rejected", StringComparison.Ordinal) && l.Contains("past the end of the document", StringComparison.Ordinal));

        // Out of sync: a later incremental change is not applied to the stale text; a full-text change brings it back.
        await client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, 3, Documents.Incremental(0, 0, 0, 4, "LINE")));
        Assert.Equal("line one\nline two\n", JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri(uri))).GetProperty("text").GetString());
        await client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, 4, Documents.Full("fresh text\n"), Documents.Incremental(0, 0, 0, 5, "FRESH")));
        Assert.Equal("FRESH text\n", JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri(uri))).GetProperty("text").GetString());

        // A character past the end of a line is the line end (LSP), not an error.
        await client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(uri, 5, Documents.Incremental(0, 99, 0, 99, "!")));
        Assert.Equal("FRESH text!\n", JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri(uri))).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_huge_document_is_accepted_intact()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        var line = "Recent work on chain-of-thought prompting \\cite{wei2022chain} shows 😀 gains.\r\n";
        var text = string.Concat(Enumerable.Repeat(line, 100_000)); // about 8 million UTF-16 units
        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams("file:///huge.tex", text));
        await client.NotifyAsync("textDocument/didChange", Documents.ChangeParams("file:///huge.tex", 2, Documents.Incremental(99_999, 0, 99_999, 6, "Later")));
        var result = JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri("file:///huge.tex")));
        var received = result.GetProperty("text").GetString()!;
        Assert.Equal(text.Length - 1, received.Length);
        Assert.StartsWith(line, received, StringComparison.Ordinal);
        Assert.EndsWith("Later work on chain-of-thought prompting \\cite{wei2022chain} shows 😀 gains.\r\n", received, StringComparison.Ordinal);
    }
}
