using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Tests;

public sealed class RequestQueueTests
{
    private const string Uri = "file:///paper.tex";

    [Fact]
    public async Task A_read_request_sent_right_after_didChange_sees_the_change()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        _ = client.NotifyAsync("textDocument/didOpen", Documents.OpenParams(Uri, "As shown in \\cite{}.\r\nNext line"));
        _ = client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(Uri, 2, Documents.Incremental(0, 18, 0, 18, "wei2022")));
        var result = JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri(Uri)));
        Assert.Equal("As shown in \\cite{wei2022}.\r\nNext line", result.GetProperty("text").GetString());
        Assert.Equal(2, result.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Interleaved_changes_and_reads_each_see_exactly_the_changes_before_them()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams(Uri, ""));
        var reads = new List<(int Version, Task<JsonElement> Response)>();
        for (var version = 2; version < 202; version++)
        {
            // Alternate full and incremental changes (the incremental one replaces the whole single line).
            var change = version % 2 == 0 ? Documents.Full($"v{version}") : Documents.Incremental(0, 0, 0, 99, $"v{version}");
            _ = client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(Uri, version, change));
            reads.Add((version, client.SendRequest(client.NewId(), "test/documentText", Documents.Uri(Uri))));
        }

        foreach (var (version, response) in reads)
        {
            var result = JsonAssert.Result(await response);
            Assert.Equal($"v{version}", result.GetProperty("text").GetString());
            Assert.Equal(version, result.GetProperty("version").GetInt32());
        }
    }

    [Fact]
    public async Task Mutations_run_one_at_a_time_in_arrival_order()
    {
        var seen = new List<int>();
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With(r => r.Add(new RecordingMutationHandler(seen))));
        for (var n = 0; n < 300; n++)
        {
            await client.NotifyAsync("test/record", new JsonObject { ["n"] = n });
        }

        // A read request queued after them completes only after all of them ran.
        JsonAssert.Result(await client.RequestAsync("test/settings"));
        lock (seen)
        {
            Assert.Equal(Enumerable.Range(0, 300), seen);
        }
    }

    [Fact]
    public async Task A_slow_read_request_does_not_block_later_reads_or_mutations()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With(r => r.Add(new GatedHandler("test/slow", gate.Task))));
        var slow = client.SendRequest(client.NewId(), "test/slow", new JsonObject());
        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams(Uri, "after the slow request"));
        var fast = JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri(Uri)));
        Assert.Equal("after the slow request", fast.GetProperty("text").GetString());
        Assert.False(slow.IsCompleted, "the slow request finished although its gate is closed");
        gate.SetResult();
        Assert.Equal("released", JsonAssert.Result(await slow).GetString());
    }

    [Fact]
    public async Task A_read_request_keeps_the_snapshot_of_its_turn()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With(r => r.Add(new GatedSnapshotHandler(gate.Task))));
        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams(Uri, "before"));
        var pending = client.SendRequest(client.NewId(), "test/gatedText", Documents.Uri(Uri));
        await client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(Uri, 2, Documents.Full("after")));
        Assert.Equal("after", JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri(Uri))).GetProperty("text").GetString());
        gate.SetResult();
        Assert.Equal("before", JsonAssert.Result(await pending).GetString());
    }

    [Fact]
    public async Task Open_close_and_save_update_the_workspace()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams(Uri, "one"));
        await client.NotifyAsync("textDocument/didSave", new JsonObject { ["textDocument"] = Documents.Uri(Uri), ["text"] = "saved text" });
        Assert.Equal("saved text", JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri(Uri))).GetProperty("text").GetString());
        await client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = Documents.Uri(Uri) });
        Assert.Equal(JsonValueKind.Null, JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri(Uri))).ValueKind);
        await client.NotifyAsync("textDocument/didChange", Documents.ChangeParams(Uri, 3, Documents.Full("closed")));
        Assert.Equal(JsonValueKind.Null, JsonAssert.Result(await client.RequestAsync("test/documentText", Documents.Uri(Uri))).ValueKind);
    }

    [Fact]
    public async Task Read_only_handlers_cannot_change_the_workspace()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        var message = JsonAssert.Error(await client.RequestAsync("test/illegalMutation", new JsonObject()), LspErrorCodes.InternalError);
        Assert.Contains("read-only", message, StringComparison.Ordinal);
    }

    private sealed class GatedSnapshotHandler(Task gate) : Requests.ILspRequestHandler<TextDocumentIdentifier, string?>
    {
        public string Method => "test/gatedText";

        public bool IsMutating => false;

        public async Task<string?> HandleAsync(TextDocumentIdentifier parameters, Requests.RequestContext context, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(cancellationToken);
            return context.GetDocument(parameters.Uri)?.Text;
        }
    }
}
