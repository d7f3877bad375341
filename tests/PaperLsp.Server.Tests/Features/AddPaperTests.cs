using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests.Features;

/// <summary>"Add to index and cite" on an arXiv URL in the text and paperlsp.addPaper, against a local 127.0.0.1 arXiv API serving the real fixture.</summary>
public sealed class AddPaperTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    private const string ArxivQuery = "/api/query?id_list=1706.03762&max_results=1";

    private static LocalHttpResponse Serve(LocalHttpRequest request, byte[] atom)
    {
        if (request.PathAndQuery != ArxivQuery)
        {
            return LocalHttpResponse.Text(404, "not found");
        }

        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(atom))[..16] + "\"";
        var headers = new Dictionary<string, string> { ["ETag"] = etag };
        return request.Header("If-None-Match") == etag ? LocalHttpResponse.NotModified(headers) : new LocalHttpResponse(200, atom, "application/atom+xml") { Headers = headers };
    }

    private static Task<FeatureSession> StartAsync(string root, Uri arxiv) =>
        FeatureSession.StartAsync(root, null, initializationOptions: new JsonObject
        {
            ["indexPath"] = Path.Combine(root, "idx", "index.db"),
            ["modelPath"] = Path.Combine(root, "no-such-model"),
            ["arxivUrl"] = arxiv.ToString(),
            ["huggingFaceUrl"] = arxiv.ToString(),
            ["doiUrl"] = arxiv.ToString(),
        });

    [SkippableFact]
    public async Task Add_to_index_and_cite_fetches_the_arXiv_paper_indexes_it_cites_it_and_appends_its_entry()
    {
        var atom = File.ReadAllBytes(SharedData.RequireOrSkip("fixtures/arxiv-api-atom/francojc_lumen/arxiv_get_by_id.xml"));
        await using var server = new LocalHttpServer(r => Serve(r, atom));
        var body = "Transformers \\url{https://arxiv.org/abs/1706.03762v7} changed NLP.";
        var root = index.NewWorkspace(FeatureWorkspace.Files(body));
        await using var session = await StartAsync(root, server.BaseUrl);
        await session.WaitReadyAsync();
        var uri = await session.OpenAsync("main.tex");
        var text = FeatureWorkspace.Tex(body);
        var onUrl = FeatureSession.At(uri, 2, body.IndexOf("arxiv.org", StringComparison.Ordinal));
        onUrl["range"] = new JsonObject { ["start"] = onUrl["position"]!.DeepClone(), ["end"] = onUrl["position"]!.DeepClone() };
        onUrl["context"] = new JsonObject { ["diagnostics"] = new JsonArray() };
        onUrl.Remove("position");

        var actions = await session.ResultAsync("textDocument/codeAction", onUrl);
        var add = actions.EnumerateArray().First(a => a.GetProperty("title").GetString() == "Add to index and cite: arXiv:1706.03762");
        Assert.Empty(server.Requests); // offering the action touched no network
        var command = add.GetProperty("command");
        var result = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = command.GetProperty("command").GetString(),
            ["arguments"] = JsonNode.Parse(command.GetProperty("arguments").GetRawText()),
        });

        var paper = result.GetProperty("papers").EnumerateArray().Single();
        var key = paper.GetProperty("key").GetString()!;
        Assert.Equal("Attention Is All You Need", paper.GetProperty("title").GetString());
        Assert.True(result.GetProperty("cited").GetBoolean(), result.ToString());
        var edit = session.Client.Received.Last(m => LspTestClient.IsMethod(m, "workspace/applyEdit")).GetProperty("params").GetProperty("edit");
        Assert.Contains("\\url{https://arxiv.org/abs/1706.03762v7}~\\cite{" + key + "} changed NLP.", LspEdits.Apply(text, LspEdits.For(edit, uri)!.Value), StringComparison.Ordinal);
        var newBib = LspEdits.Apply(FeatureWorkspace.Bib, LspEdits.For(edit, session.Uri("refs.bib"))!.Value);
        Assert.StartsWith(FeatureWorkspace.Bib, newBib, StringComparison.Ordinal);
        Assert.Contains("{" + key + ",", newBib, StringComparison.Ordinal);
        var search = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "paperlsp.search",
            ["arguments"] = new JsonArray(new JsonObject { ["query"] = "attention is all you need" }),
        });
        Assert.Equal(key, search.EnumerateArray().First().GetProperty("key").GetString());
        Assert.Single(server.Requests);

        // Now the index has it: the action cites it without fetching again.
        var again = await session.ResultAsync("textDocument/codeAction", onUrl.DeepClone());
        Assert.Contains(again.EnumerateArray(), a => a.GetProperty("title").GetString()!.StartsWith($"Cite {key} (Attention Is All You Need)", StringComparison.Ordinal));
        Assert.DoesNotContain(again.EnumerateArray(), a => a.GetProperty("title").GetString()!.StartsWith("Add to index", StringComparison.Ordinal));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Add_paper_reports_one_line_per_failure_and_rejects_bad_arguments()
    {
        await using var server = new LocalHttpServer(_ => LocalHttpResponse.Text(404, "not found"));
        var root = index.NewWorkspace(FeatureWorkspace.Files("Text."));
        await using var session = await StartAsync(root, server.BaseUrl);
        await session.WaitReadyAsync();

        var result = await session.ResultAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "paperlsp.addPaper",
            ["arguments"] = new JsonArray(new JsonObject { ["papers"] = new JsonArray("not a paper", "2401.00001") }),
        });
        var bad = await session.Client.RequestAsync("workspace/executeCommand", new JsonObject
        {
            ["command"] = "paperlsp.addPaper",
            ["arguments"] = new JsonArray(new JsonObject()),
        });

        var errors = result.GetProperty("papers").EnumerateArray().Select(p => p.GetProperty("error").GetString()).ToList();
        Assert.Equal(["\"not a paper\" is not an arXiv id or URL, a Hugging Face paper URL or a DOI", "127.0.0.1: HTTP 404 Not Found"], errors);
        Assert.All(result.GetProperty("papers").EnumerateArray(), p => Assert.False(p.TryGetProperty("key", out var key) && key.ValueKind != JsonValueKind.Null));
        Assert.Equal(-32602, bad.GetProperty("error").GetProperty("code").GetInt32());
    }
}
