using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace PaperLsp.Server.Tests;

/// <summary>
/// Broken frames and payloads: the server must either keep answering valid requests or close the connection
/// cleanly (RunAsync returns 1) — never throw, never hang. Each case is bounded by the client's timeout.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private static byte[] Frame(string body, string? lengthOverride = null) =>
        Encoding.ASCII.GetBytes($"Content-Length: {lengthOverride ?? Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture)}\r\n\r\n")
            .Concat(Encoding.UTF8.GetBytes(body)).ToArray();

    public static TheoryData<string, byte[]> Cases => new()
    {
        { "truncated frame", Frame("""{"jsonrpc":"2.0","id":900,"method":"test/settings"}""")[..30] },
        { "missing Content-Length", Encoding.ASCII.GetBytes("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":901,\"method\":\"test/settings\"}") },
        { "non-numeric Content-Length", Frame("{}", "abc") },
        { "negative Content-Length", Frame("{}", "-5") },
        { "Content-Length beyond int", Frame("{}", "99999999999") },
        { "huge Content-Length with little data", Frame("{}", "2000000000") },
        { "Content-Length shorter than the body", Frame("""{"jsonrpc":"2.0","id":902,"method":"test/settings"}""", "10") },
        { "invalid JSON", Frame("""{"jsonrpc":"2.0","id":903,"method":""") },
        { "JSON array", Frame("[1,2,3]") },
        { "JSON string", Frame("\"hello\"") },
        { "method is a number", Frame("""{"jsonrpc":"2.0","id":904,"method":5}""") },
        { "id is an object", Frame("""{"jsonrpc":"2.0","id":{"a":1},"method":"test/settings"}""") },
        { "wrong jsonrpc version", Frame("""{"jsonrpc":"1.0","id":905,"method":"test/settings"}""") },
        { "invalid UTF-8", Frame("{\"jsonrpc\":\"2.0\",\"method\":\"x\"}").Concat(new byte[] { 0xC3, 0x28, 0xFF, 0xFE }).ToArray() },
        { "binary garbage", Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray() },
        { "deeply nested params", Frame("{\"jsonrpc\":\"2.0\",\"id\":906,\"method\":\"test/settings\",\"params\":" + new string('[', 5000) + new string(']', 5000) + "}") },
        { "result for an unknown request", Frame("""{"jsonrpc":"2.0","id":123456,"result":{}}""") },
        { "params of wrong type for didChange", Frame("""{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":"x","contentChanges":7}}""") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_bytes_never_crash_or_hang_the_server(string name, byte[] bytes)
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        await client.SendRawAsync(bytes);
        var probe = client.SendRequest(client.NewId(), "test/settings", new JsonObject());
        string outcome;
        using (var settle = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            try
            {
                await Task.WhenAny(probe, client.Server).WaitAsync(settle.Token);
            }
            catch (OperationCanceledException)
            {
                // Neither answered nor closed yet: typically the server waits for the rest of a frame.
            }
        }

        if (probe.IsCompletedSuccessfully)
        {
            outcome = "kept answering";
            JsonAssert.Result(await probe);
        }
        else if (client.Server.IsCompleted)
        {
            outcome = "closed the connection";
        }
        else
        {
            outcome = "waited for more input, ended when input closed";
            client.CloseOutput();
        }

        if (outcome != "kept answering")
        {
            // RunAsync must return normally (no exception) with 1: the connection ended without exit.
            Assert.Equal(1, await client.Server.WaitAsync(LspTestClient.Timeout));
        }

        output.WriteLine($"{name}: {outcome}");
        foreach (var line in client.Log.TakeLast(4))
        {
            output.WriteLine("  server log: " + line);
        }

        Assert.Null(client.ReadError);
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
