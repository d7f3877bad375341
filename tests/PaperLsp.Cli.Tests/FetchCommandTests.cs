using System.CommandLine;
using System.Security.Cryptography;
using PaperLsp.Cli.Catalog;
using PaperLsp.Cli.Fetching;
using PaperLsp.TestSupport;

namespace PaperLsp.Cli.Tests;

/// <summary><c>sync hf</c> and <c>add</c> as a user runs them, against a local 127.0.0.1 server serving the real fixtures.</summary>
public sealed class FetchCommandTests
{
    private static (int Exit, string Out, string Err) Run(CliRun run, params string[] args)
    {
        var root = new RootCommand("test");
        var index = CatalogCommands.AddTo(root);
        FetchCommands.AddTo(root, index);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = root.Parse(["--index", run.DbPath, .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static LocalHttpResponse Serve(LocalHttpRequest request, IReadOnlyDictionary<string, (byte[] Body, string Type)> site)
    {
        if (!site.TryGetValue(request.PathAndQuery, out var resource))
        {
            return LocalHttpResponse.Text(404, "not found");
        }

        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(resource.Body))[..16] + "\"";
        var headers = new Dictionary<string, string> { ["ETag"] = etag };
        return request.Header("If-None-Match") == etag
            ? LocalHttpResponse.NotModified(headers)
            : new LocalHttpResponse(200, resource.Body, resource.Type) { Headers = headers };
    }

    [SkippableFact]
    public async Task Sync_twice_then_add_an_arXiv_id_and_find_it_with_search_and_show()
    {
        var fixtures = SharedData.RequireOrSkip("fixtures");
        var site = new Dictionary<string, (byte[], string)>
        {
            ["/api/daily_papers?date=2026-06-01"] = (File.ReadAllBytes(Path.Combine(fixtures, "hf-daily-papers/BuiVannn_All-News-AI/hf_daily_papers.json")), "application/json"),
            ["/api/daily_papers?date=2026-06-02"] = (File.ReadAllBytes(Path.Combine(fixtures, "hf-daily-papers/zzjjay_llm-paper-radar/hf_daily_response.json")), "application/json"),
            ["/api/query?id_list=1706.03762&max_results=1"] = (File.ReadAllBytes(Path.Combine(fixtures, "arxiv-api-atom/francojc_lumen/arxiv_get_by_id.xml")), "application/atom+xml"),
        };
        await using var server = new LocalHttpServer(r => Serve(r, site));
        using var run = new CliRun();
        var url = server.BaseUrl.ToString();

        var first = Run(run, "sync", "hf", "--from", "2026-06-01", "--to", "2026-06-02", "--hf-url", url, "--delay", "0");
        var second = Run(run, "sync", "hf", "--from", "2026-06-01", "--to", "2026-06-02", "--hf-url", url, "--delay", "0");
        var added = Run(run, "add", "https://arxiv.org/abs/1706.03762v7", "--arxiv-url", url);
        var search = Run(run, "search", "attention is all you need");
        var show = Run(run, "show", "1706.03762");

        Assert.Equal(0, first.Exit);
        Assert.Contains("2 day(s) 2026-06-01..2026-06-02: 2 downloaded", first.Out, StringComparison.Ordinal);
        Assert.Contains("papers +8 ~0; 8 papers in the index", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.Exit);
        Assert.Contains("0 downloaded (0.0 KiB), 2 not modified, 0 failed; papers +0 ~0; 8 papers", second.Out, StringComparison.Ordinal);
        Assert.Equal(0, added.Exit);
        var key = added.Out.Trim().Split('\t')[0];
        Assert.Equal(key + "\tAttention Is All You Need", added.Out.Trim());
        Assert.Contains($"[{key}] Attention Is All You Need", search.Out, StringComparison.Ordinal);
        Assert.Contains("arXiv:    1706.03762", show.Out, StringComparison.Ordinal);
        Assert.Contains(Path.Combine("cache", "arxiv", "1706.03762.xml"), show.Out, StringComparison.Ordinal);
        Assert.Equal(5, server.Requests.Count);
    }

    [Fact]
    public async Task Failures_give_one_line_each_and_a_nonzero_exit()
    {
        await using var server = new LocalHttpServer(_ => LocalHttpResponse.Text(404, "not found"));
        using var run = new CliRun();

        var added = Run(run, "add", "not-a-paper", "2401.00001", "--arxiv-url", server.BaseUrl.ToString());
        var unreachable = Run(run, "sync", "hf", "--from", "2026-06-01", "--to", "2026-06-03", "--hf-url", LocalHttpServer.ClosedPortUrl().ToString(), "--delay", "0", "--tries", "1");
        var badDate = Run(run, "sync", "hf", "--from", "June 1");

        Assert.Equal(ExitCodes.SomeFilesHadProblems, added.Exit);
        Assert.Equal(
            ["error: \"not-a-paper\" is not an arXiv id or URL, a Hugging Face paper URL or a DOI", "error: arXiv:2401.00001: 127.0.0.1: HTTP 404 Not Found"],
            added.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(ExitCodes.SomeFilesHadProblems, unreachable.Exit);
        Assert.Single(unreachable.Err.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("(stopped: service unreachable)", unreachable.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageOrNotFound, badDate.Exit);
    }
}
