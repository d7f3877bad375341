using System.Text.Json.Nodes;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests.Features;

/// <summary>The opt-in daily Hugging Face sync of the server, and that without it the server sends no request at all.</summary>
public sealed class DailySyncTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private static Task<FeatureSession> StartAsync(string root, Uri hf, bool dailySync) =>
        FeatureSession.StartAsync(root, null, initializationOptions: new JsonObject
        {
            ["indexPath"] = Path.Combine(root, "idx", "index.db"),
            ["modelPath"] = Path.Combine(root, "no-such-model"),
            ["huggingFaceUrl"] = hf.ToString(),
            ["arxivUrl"] = hf.ToString(),
            ["doiUrl"] = hf.ToString(),
            ["syncHuggingFaceDaily"] = dailySync,
        });

    [SkippableFact]
    public async Task With_the_setting_on_the_server_syncs_the_last_days_into_its_index()
    {
        var daily = File.ReadAllBytes(SharedData.RequireOrSkip("fixtures/hf-daily-papers/BuiVannn_All-News-AI/hf_daily_papers.json"));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await using var server = new LocalHttpServer(r => r.PathAndQuery == "/api/daily_papers?date=" + today
            ? new LocalHttpResponse(200, daily)
            : LocalHttpResponse.Text(200, "[]", "application/json"));
        var root = index.NewWorkspace(FeatureWorkspace.Files("Text."));
        await using var session = await StartAsync(root, server.BaseUrl, dailySync: true);

        var ready = await session.Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "paperlsp/status")
            && m.GetProperty("params").GetProperty("state").GetString() == "ready" && m.GetProperty("params").GetProperty("papers").GetInt32() == 5);

        Assert.Equal(5, ready.GetProperty("params").GetProperty("papers").GetInt32());
        Assert.Contains(server.Requests, r => r.PathAndQuery == "/api/daily_papers?date=" + today);
        Assert.True(File.Exists(Path.Combine(root, "idx", "cache", "hf-daily", today + ".json")));
    }

    [Fact]
    public async Task Without_it_nothing_touches_the_network()
    {
        await using var server = new LocalHttpServer(_ => LocalHttpResponse.Text(200, "[]"));
        var root = index.NewWorkspace(FeatureWorkspace.Files("See https://arxiv.org/abs/1706.03762 here."));
        await using var session = await StartAsync(root, server.BaseUrl, dailySync: false);
        await session.WaitReadyAsync();
        var uri = await session.OpenAsync("main.tex");

        await session.ResultAsync("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri },
            ["range"] = new JsonObject
            {
                ["start"] = new JsonObject { ["line"] = 2, ["character"] = 20 },
                ["end"] = new JsonObject { ["line"] = 2, ["character"] = 20 },
            },
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
        });
        await session.ResultAsync("workspace/executeCommand", new JsonObject { ["command"] = "paperlsp.reindex", ["arguments"] = new JsonArray() });

        Assert.Empty(server.Requests);
    }
}
