using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task A_running_server_has_raised_the_thread_pool_minimum_so_requests_do_not_wait_for_the_pool_to_grow()
    {
        await using var client = await LspTestClient.StartInitializedAsync();
        ThreadPool.GetMinThreads(out var workers, out _);
        Assert.True(workers >= PaperLsp.Server.Queue.ThreadPoolFloor.MinimumWorkers, $"minimum worker threads {workers}");
    }

    [Fact]
    public async Task Initialize_announces_capabilities_and_shutdown_exit_returns_zero()
    {
        await using var client = LspTestClient.Start();
        var response = await client.RequestAsync("initialize", new JsonObject { ["capabilities"] = new JsonObject() });
        var result = JsonAssert.Result(response);
        var caps = result.GetProperty("capabilities");
        Assert.Equal("paperlsp", result.GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal("utf-16", caps.GetProperty("positionEncoding").GetString());
        var sync = caps.GetProperty("textDocumentSync");
        Assert.True(sync.GetProperty("openClose").GetBoolean());
        Assert.Equal(2, sync.GetProperty("change").GetInt32());
        Assert.True(sync.GetProperty("save").GetProperty("includeText").GetBoolean());
        var completion = caps.GetProperty("completionProvider");
        Assert.Equal(["{", ",", "@", "[", "("], completion.GetProperty("triggerCharacters").EnumerateArray().Select(e => e.GetString()));
        Assert.True(completion.GetProperty("resolveProvider").GetBoolean());
        Assert.True(caps.GetProperty("hoverProvider").GetBoolean());
        Assert.True(caps.GetProperty("definitionProvider").GetBoolean());
        Assert.True(caps.GetProperty("workspaceSymbolProvider").GetProperty("resolveProvider").GetBoolean());
        Assert.Equal(["quickfix", "refactor"], caps.GetProperty("codeActionProvider").GetProperty("codeActionKinds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            ["paperlsp.search", "paperlsp.related", "paperlsp.insertCitation", "paperlsp.reindex", "paperlsp.addBibEntry", "paperlsp.bibEntryApplied", "paperlsp.addPaper"],
            caps.GetProperty("executeCommandProvider").GetProperty("commands").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("null", caps.GetRawText(), StringComparison.Ordinal);

        await client.NotifyAsync("initialized", new JsonObject());
        Assert.Equal(0, await client.ShutdownAndExitAsync());
    }

    [Fact]
    public async Task Exit_without_shutdown_returns_one()
    {
        await using var client = await LspTestClient.StartInitializedAsync();
        await client.NotifyAsync("exit");
        Assert.Equal(1, await client.Server.WaitAsync(LspTestClient.Timeout));
    }

    [Fact]
    public async Task Exit_before_initialize_returns_one()
    {
        await using var client = LspTestClient.Start();
        await client.NotifyAsync("exit");
        Assert.Equal(1, await client.Server.WaitAsync(LspTestClient.Timeout));
    }

    [Fact]
    public async Task Closing_the_input_ends_the_server_with_one()
    {
        var client = await LspTestClient.StartInitializedAsync();
        client.CloseOutput();
        Assert.Equal(1, await client.Server.WaitAsync(LspTestClient.Timeout));
        await client.DisposeAsync();
    }

    [Theory]
    [InlineData("textDocument/hover")]
    [InlineData("shutdown")]
    [InlineData("test/documentText")]
    public async Task Requests_before_initialize_are_refused_with_ServerNotInitialized(string method)
    {
        await using var client = LspTestClient.Start(TestOptions.With());
        var response = await client.RequestAsync(method, new JsonObject { ["uri"] = "file:///a" });
        JsonAssert.Error(response, LspErrorCodes.ServerNotInitialized);
    }

    [Fact]
    public async Task Notifications_before_initialize_are_dropped()
    {
        await using var client = LspTestClient.Start(TestOptions.With());
        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams("file:///early.tex", "early"));
        await client.RequestAsync("initialize", new JsonObject { ["capabilities"] = new JsonObject() });
        var text = JsonAssert.Result(await client.RequestAsync("test/documentText", new JsonObject { ["uri"] = "file:///early.tex" }));
        Assert.Equal(JsonValueKind.Null, text.ValueKind);
    }

    [Theory]
    [InlineData("textDocument/hover")]
    [InlineData("initialize")]
    [InlineData("shutdown")]
    [InlineData("test/documentText")]
    public async Task Requests_after_shutdown_are_refused_with_InvalidRequest(string method)
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        JsonAssert.Result(await client.RequestAsync("shutdown"));
        var response = await client.RequestAsync(method, new JsonObject { ["uri"] = "file:///a", ["capabilities"] = new JsonObject() });
        JsonAssert.Error(response, LspErrorCodes.InvalidRequest);
        await client.NotifyAsync("exit");
        Assert.Equal(0, await client.Server.WaitAsync(LspTestClient.Timeout));
    }

    [Fact]
    public async Task A_second_initialize_is_refused()
    {
        await using var client = await LspTestClient.StartInitializedAsync();
        var response = await client.RequestAsync("initialize", new JsonObject { ["capabilities"] = new JsonObject() });
        JsonAssert.Error(response, LspErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Feature_handlers_answer_without_error_for_documents_that_are_not_open()
    {
        await using var client = await LspTestClient.StartInitializedAsync();
        var position = new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = "file:///a.tex" }, ["position"] = new JsonObject { ["line"] = 0, ["character"] = 0 } };
        Assert.Equal(JsonValueKind.Null, JsonAssert.Result(await client.RequestAsync("textDocument/hover", position.DeepClone())).ValueKind);
        Assert.Equal(JsonValueKind.Null, JsonAssert.Result(await client.RequestAsync("textDocument/completion", position.DeepClone())).ValueKind);
        Assert.Equal(0, JsonAssert.Result(await client.RequestAsync("workspace/symbol", new JsonObject { ["query"] = "x" })).GetArrayLength());
    }
}
