using System.Text.Json.Nodes;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests;

/// <summary>The real executable over stdio: `dotnet paperlsp.dll serve --stdio`.</summary>
public sealed class StdioExecutableTests
{
    [Fact]
    public async Task The_cli_serves_a_full_session_over_stdio_and_exits_with_zero()
    {
        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        await using var client = LspTestClient.StartProcess("dotnet", [dll, "serve", "--stdio"], SharedData.RepoRoot);
        var init = JsonAssert.Result(await client.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = Environment.ProcessId,
            ["capabilities"] = new JsonObject { ["general"] = new JsonObject { ["positionEncodings"] = new JsonArray("utf-8", "utf-16") } },
            ["rootUri"] = new Uri(SharedData.RepoRoot).AbsoluteUri,
        }));
        Assert.Equal("paperlsp", init.GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal("utf-16", init.GetProperty("capabilities").GetProperty("positionEncoding").GetString());
        await client.NotifyAsync("initialized", new JsonObject());
        await client.NotifyAsync("textDocument/didOpen", Documents.OpenParams("file:///tmp/paper.tex", "We follow \\cite{wei2022} closely.\n"));
        var hover = JsonAssert.Result(await client.RequestAsync("textDocument/hover", new JsonObject
        {
            ["textDocument"] = Documents.Uri("file:///tmp/paper.tex"),
            ["position"] = new JsonObject { ["line"] = 0, ["character"] = 18 },
        }));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, hover.ValueKind);
        Assert.Equal(0, await client.ShutdownAndExitAsync());

        Assert.Contains(client.Log, line => line.Contains("exit received; exit code 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_executable_runs_with_its_runtime_settings_for_latency()
    {
        // What the published runtimeconfig.json sets (server/PaperLsp.Cli/PaperLsp.Cli.csproj), as the running server has it:
        // no spinning of idle thread-pool workers, the large object heap only from 1 MiB, no profile-guided tiering.
        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        await using var client = LspTestClient.StartProcess("dotnet", [dll, "serve", "--stdio"], SharedData.RepoRoot, environment: new Dictionary<string, string?>
        {
            ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = null,
            ["DOTNET_GCLOHThreshold"] = null,
            ["DOTNET_TieredPGO"] = null,
        });
        JsonAssert.Result(await client.RequestAsync("initialize", new JsonObject { ["processId"] = Environment.ProcessId, ["capabilities"] = new JsonObject() }));
        await client.NotifyAsync("initialized", new JsonObject());
        Assert.Equal(0, await client.ShutdownAndExitAsync());

        var runtime = Assert.Single(client.Log, line => line.Contains("runtime: ", StringComparison.Ordinal));
        Assert.Contains("workstation GC, large objects from 1048576 bytes, thread-pool spin limit 0, tiered PGO off", runtime, StringComparison.Ordinal);
    }
}
