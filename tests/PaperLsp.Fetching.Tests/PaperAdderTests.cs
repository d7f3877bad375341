using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.TestSupport;

namespace PaperLsp.Fetching.Tests;

/// <summary><c>add</c>: arXiv Atom, the Hugging Face paper API and doi.org BibTeX served locally from the real fixtures.</summary>
public sealed class PaperAdderTests
{
    private const string AttentionQuery = "/api/query?id_list=1706.03762&max_results=1";

    private static async Task<IReadOnlyList<AddedPaper>> AddAsync(FetchHarness harness, PoliteHttpClient client, params string[] references)
    {
        var parsed = references.Select(r => PaperReference.Parse(r) ?? throw new ArgumentException(r)).ToList();
        var fetched = await harness.Adder(client).FetchAsync(parsed, CancellationToken.None);
        return PaperAdder.Index(harness.Store, fetched);
    }

    [SkippableFact]
    public async Task An_arXiv_URL_is_fetched_from_the_arXiv_API_indexed_and_given_a_key_and_a_second_add_downloads_nothing()
    {
        await using var harness = new FetchHarness();
        harness.Site.Serve(AttentionQuery, FetchHarness.Fixture("arxiv-api-atom/francojc_lumen/arxiv_get_by_id.xml"), "application/atom+xml");
        using var client = new PoliteHttpClient(harness.Options);

        var added = Assert.Single(await AddAsync(harness, client, "https://arxiv.org/abs/1706.03762v7"));
        var again = Assert.Single(await AddAsync(harness, client, "arXiv:1706.03762"));

        Assert.Null(added.Error);
        Assert.Equal("Attention Is All You Need", added.Title);
        var stored = harness.Store.GetByKey("1706.03762");
        Assert.NotNull(stored);
        Assert.Equal(stored.CitationKey, added.Key);
        Assert.Equal(added.Key, again.Key);
        Assert.Equal(1, harness.Store.Count());
        var requests = harness.Server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.Contains("atom", requests[0].Header("Accept"), StringComparison.Ordinal);
        Assert.NotNull(requests[1].Header("If-None-Match"));
        Assert.True(File.Exists(harness.Cache.PathOf("arxiv", "1706.03762.xml")));
    }

    [SkippableFact]
    public async Task A_Hugging_Face_paper_URL_is_fetched_from_the_paper_API()
    {
        await using var harness = new FetchHarness();
        // The /api/papers/ID answer is the "paper" object of a daily_papers item (taken here from a real daily response).
        var daily = JsonNode.Parse(FetchHarness.Fixture("hf-daily-papers/BuiVannn_All-News-AI/hf_daily_papers.json"))!.AsArray();
        var paper = daily[0]!["paper"]!;
        var id = paper["id"]!.GetValue<string>();
        harness.Site.Serve("/api/papers/" + id, Encoding.UTF8.GetBytes(paper.ToJsonString()));
        using var client = new PoliteHttpClient(harness.Options);

        var added = Assert.Single(await AddAsync(harness, client, $"https://huggingface.co/papers/{id}"));

        Assert.Null(added.Error);
        Assert.Equal(harness.Store.GetByKey(id)!.CitationKey, added.Key);
        Assert.Equal(paper["upvotes"]!.GetValue<int>(), harness.Store.GetByKey(id)!.Paper.Upvotes);
    }

    [SkippableFact]
    public async Task A_DOI_is_resolved_to_BibTeX_by_content_negotiation()
    {
        await using var harness = new FetchHarness();
        harness.Site.Serve("/10.3847/1538-3881/aa9e09", FetchHarness.Fixture("bibtex/zoia_doi/doi_response.bib"), "application/x-bibtex");
        using var client = new PoliteHttpClient(harness.Options);

        var added = Assert.Single(await AddAsync(harness, client, "https://doi.org/10.3847/1538-3881/aa9e09"));

        Assert.Null(added.Error);
        Assert.StartsWith("Identifying Exoplanets with Deep Learning", added.Title, StringComparison.Ordinal);
        Assert.Equal(harness.Store.GetByKey("10.3847/1538-3881/aa9e09")!.CitationKey, added.Key);
        Assert.StartsWith("application/x-bibtex", harness.Server.Requests.Single().Header("Accept"), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_unknown_arXiv_id_an_API_error_and_an_HTML_page_each_give_one_line_and_nothing_is_cached_or_indexed()
    {
        await using var harness = new FetchHarness();
        var empty = """
            <?xml version='1.0' encoding='UTF-8'?>
            <feed xmlns="http://www.w3.org/2005/Atom"><id>https://arxiv.org/api/x</id><title>arXiv Query: id_list=2401.99999</title></feed>
            """;
        harness.Site.Serve("/api/query?id_list=2401.99999&max_results=1", Encoding.UTF8.GetBytes(empty), "application/atom+xml");
        harness.Site.Script("/api/query?id_list=2402.00001&max_results=1", LocalHttpResponse.Text(200, "<!doctype html><html><body>Rate exceeded.</body></html>", "text/html"));
        harness.Site.Script("/10.1000/missing", LocalHttpResponse.Text(404, "DOI Not Found", "text/html"));
        using var client = new PoliteHttpClient(harness.Options);

        var added = await AddAsync(harness, client, "2401.99999", "2402.00001", "10.1000/missing");

        Assert.Equal(3, added.Count);
        Assert.All(added, a => Assert.Null(a.Key));
        Assert.Contains("no paper arXiv:2401.99999", added[0].Error, StringComparison.Ordinal);
        Assert.Contains("HTML page", added[1].Error, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", added[2].Error, StringComparison.Ordinal);
        Assert.All(added, a => Assert.DoesNotContain('\n', a.Error!));
        Assert.Equal(0, harness.Store.Count());
        Assert.False(Directory.Exists(harness.Cache.Root) && Directory.EnumerateFiles(harness.Cache.Root, "*", SearchOption.AllDirectories).Any());
    }

    [SkippableFact]
    public async Task Papers_fetched_before_a_failure_are_kept()
    {
        await using var harness = new FetchHarness();
        harness.Site.Serve(AttentionQuery, FetchHarness.Fixture("arxiv-api-atom/francojc_lumen/arxiv_get_by_id.xml"), "application/atom+xml");
        harness.Site.Script("/api/query?id_list=2401.00001&max_results=1", Enumerable.Range(0, 4).Select(_ => LocalHttpResponse.Text(503, "down")).ToArray());
        using var client = new PoliteHttpClient(harness.Options);

        var added = await AddAsync(harness, client, "1706.03762", "2401.00001");

        Assert.NotNull(added[0].Key);
        Assert.Contains("HTTP 503", added[1].Error, StringComparison.Ordinal);
        Assert.Equal(1, harness.Store.Count());
    }

    [Theory]
    [InlineData("2401.12345", PaperReferenceKind.Arxiv, "2401.12345")]
    [InlineData("arXiv:2401.12345v2", PaperReferenceKind.Arxiv, "2401.12345")]
    [InlineData("https://arxiv.org/pdf/2401.12345v1.pdf", PaperReferenceKind.Arxiv, "2401.12345")]
    [InlineData("cs/0112017", PaperReferenceKind.Arxiv, "cs/0112017")]
    [InlineData("https://doi.org/10.48550/arXiv.2401.12345", PaperReferenceKind.Arxiv, "2401.12345")]
    [InlineData("https://huggingface.co/papers/2401.12345", PaperReferenceKind.HuggingFace, "2401.12345")]
    [InlineData("huggingface.co/papers/2401.12345#community", PaperReferenceKind.HuggingFace, "2401.12345")]
    [InlineData("10.18653/v1/2024.naacl-long.1", PaperReferenceKind.Doi, "10.18653/v1/2024.naacl-long.1")]
    [InlineData("doi:10.3847/1538-3881/AA9E09", PaperReferenceKind.Doi, "10.3847/1538-3881/aa9e09")]
    public void References_are_recognised_in_every_spelling(string text, PaperReferenceKind kind, string id)
    {
        Assert.Equal(new PaperReference(kind, id), PaperReference.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("attention is all you need")]
    [InlineData("https://huggingface.co/papers")]
    [InlineData("2413.12345")]
    [InlineData("see 10.1000/x for details")]
    public void Other_text_is_not_a_reference(string text) => Assert.Null(PaperReference.Parse(text));

    [Fact]
    public void A_reference_is_found_around_the_cursor_without_trailing_punctuation_or_brackets()
    {
        var text = "as shown by \\url{https://arxiv.org/abs/2401.12345}. Also arXiv:2305.18290, and (see 1706.03762).";
        var url = text.IndexOf("arxiv.org", StringComparison.Ordinal);

        var first = PaperReference.FindAt(text, url + 5);
        var second = PaperReference.FindAt(text, text.IndexOf("2305", StringComparison.Ordinal));
        var third = PaperReference.FindAt(text, text.IndexOf("1706", StringComparison.Ordinal) + 3);

        Assert.Equal("https://arxiv.org/abs/2401.12345", text[first!.Value.Start..first.Value.End]);
        Assert.Equal("2305.18290", second!.Value.Reference.Id);
        Assert.Equal("arXiv:2305.18290", text[second.Value.Start..second.Value.End]);
        Assert.Equal("1706.03762", text[third!.Value.Start..third.Value.End]);
        Assert.Null(PaperReference.FindAt(text, 3));
    }
}
