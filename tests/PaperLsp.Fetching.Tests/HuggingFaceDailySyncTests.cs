using System.Text;
using PaperLsp.Storage;
using PaperLsp.TestSupport;

namespace PaperLsp.Fetching.Tests;

/// <summary><c>sync hf</c> against a local server serving the real daily_papers payloads, with the faults a real service shows.</summary>
public sealed class HuggingFaceDailySyncTests
{
    private static readonly DateOnly Day1 = new(2026, 6, 1);
    private static readonly DateOnly Day2 = new(2026, 6, 2);
    private static readonly DateOnly Day3 = new(2026, 6, 3);

    private static string PathOf(DateOnly day) => $"/api/daily_papers?date={day:yyyy-MM-dd}";

    private static FetchHarness ServeThreeDays(FixtureSite? site = null)
    {
        var harness = new FetchHarness(site);
        harness.Site.Serve(PathOf(Day1), FetchHarness.Fixture("hf-daily-papers/BuiVannn_All-News-AI/hf_daily_papers.json"));
        harness.Site.Serve(PathOf(Day2), FetchHarness.Fixture("hf-daily-papers/zzjjay_llm-paper-radar/hf_daily_response.json"));
        harness.Site.Serve(PathOf(Day3), FetchHarness.Fixture("hf-daily-papers/lucas-m-lopes_sotawhat/hf_daily_papers.json"));
        return harness;
    }

    [SkippableFact]
    public async Task A_second_sync_downloads_nothing_and_changes_nothing()
    {
        await using var harness = ServeThreeDays();
        using var client = new PoliteHttpClient(harness.Options);
        var sync = harness.Sync(client);

        var first = await sync.RunAsync(harness.Store, Day1, Day3, null, CancellationToken.None);
        var count = harness.Store.Count();
        var cached = File.ReadAllBytes(sync.CachePathOf(Day3));
        var second = await sync.RunAsync(harness.Store, Day1, Day3, null, CancellationToken.None);

        Assert.Equal((3, 3, 0, 0), (first.Days, first.Downloaded, first.NotModified, first.Failed));
        Assert.Equal(5 + 3 + 30, first.PapersAdded);
        Assert.Equal(38, count);
        Assert.Empty(first.Problems);
        Assert.Equal((0, 3, 0, 0L), (second.Downloaded, second.NotModified, second.Failed, second.BytesDownloaded));
        Assert.Equal((0, 0), (second.PapersAdded, second.PapersUpdated));
        Assert.Equal(count, harness.Store.Count());
        Assert.Equal(cached, File.ReadAllBytes(sync.CachePathOf(Day3)));
        var requests = harness.Server.Requests.ToList();
        Assert.Equal(6, requests.Count);
        Assert.All(requests.Take(3), r => Assert.Null(r.Header("If-None-Match")));
        Assert.All(requests.Skip(3), r => Assert.StartsWith("\"", r.Header("If-None-Match")));
        Assert.StartsWith("OmniScope: Modality-Decoupled Token Compression", harness.Store.GetByKey("2607.23193")?.Paper.Title, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Last_modified_alone_also_makes_the_request_conditional()
    {
        await using var harness = ServeThreeDays(new FixtureSite { LastModifiedOnly = true });
        using var client = new PoliteHttpClient(harness.Options);
        var sync = harness.Sync(client);

        await sync.RunAsync(harness.Store, Day1, Day1, null, CancellationToken.None);
        var again = await sync.RunAsync(harness.Store, Day1, Day1, null, CancellationToken.None);

        Assert.Equal((0, 1), (again.Downloaded, again.NotModified));
        Assert.Equal(FixtureSite.LastModified, harness.Server.Requests.Last().Header("If-Modified-Since"));
    }

    [SkippableFact]
    public async Task Requests_go_one_at_a_time_with_the_configured_pause_between_them()
    {
        await using var harness = ServeThreeDays();
        using var client = new PoliteHttpClient(harness.Options);

        await harness.Sync(client).RunAsync(harness.Store, Day1, Day3, null, CancellationToken.None);

        Assert.Equal(1, harness.Server.MaxConcurrentRequests);
        Assert.Equal(2, harness.Sleeps.Count);
        Assert.All(harness.Sleeps, s => Assert.True(s > TimeSpan.FromMinutes(59), $"asked to pause {s}"));
    }

    [SkippableFact]
    public async Task Concurrent_callers_of_one_client_are_served_one_after_the_other()
    {
        await using var harness = ServeThreeDays();
        harness.Options = harness.Options with { RequestDelay = TimeSpan.Zero };
        using var client = new PoliteHttpClient(harness.Options);
        var urls = new[] { Day1, Day2, Day3 }.Select(d => new Uri(harness.Server.BaseUrl, PathOf(d)[1..])).ToList();

        var responses = await Task.WhenAll(urls.Select(u => client.GetAsync(u, "application/json", CacheValidators.None, TimeSpan.Zero, CancellationToken.None)));

        Assert.All(responses, r => Assert.Equal(FetchStatus.Ok, r.Status));
        Assert.Equal(1, harness.Server.MaxConcurrentRequests);
    }

    [SkippableFact]
    public async Task A_429_is_retried_after_the_Retry_After_the_server_asked_for()
    {
        await using var harness = ServeThreeDays();
        harness.Site.Script(PathOf(Day1), LocalHttpResponse.Text(429, "slow down") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "37" } });
        using var client = new PoliteHttpClient(harness.Options);

        var report = await harness.Sync(client).RunAsync(harness.Store, Day1, Day1, null, CancellationToken.None);

        Assert.Equal((1, 0), (report.Downloaded, report.Failed));
        Assert.Equal([TimeSpan.FromSeconds(37)], harness.Sleeps);
        Assert.Equal(2, harness.Server.Requests.Count);
        Assert.Equal(5, harness.Store.Count());
    }

    [SkippableFact]
    public async Task A_Retry_After_longer_than_the_limit_ends_the_day_with_one_line()
    {
        await using var harness = ServeThreeDays();
        harness.Site.Script(PathOf(Day1), LocalHttpResponse.Text(429, "later") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "86400" } });
        using var client = new PoliteHttpClient(harness.Options);

        var report = await harness.Sync(client).RunAsync(harness.Store, Day1, Day2, null, CancellationToken.None);

        Assert.Equal((1, 1), (report.Downloaded, report.Failed));
        var line = Assert.Single(report.Problems);
        Assert.Contains("HTTP 429", line, StringComparison.Ordinal);
        Assert.Contains("86400 s", line, StringComparison.Ordinal);
        Assert.DoesNotContain(TimeSpan.FromSeconds(86400), harness.Sleeps);
    }

    [SkippableFact]
    public async Task Server_errors_are_retried_with_growing_backoff_then_reported_and_the_earlier_copy_and_index_are_kept()
    {
        await using var harness = ServeThreeDays();
        using var client = new PoliteHttpClient(harness.Options);
        var sync = harness.Sync(client);
        await sync.RunAsync(harness.Store, Day1, Day1, null, CancellationToken.None);
        var before = File.ReadAllBytes(sync.CachePathOf(Day1));
        var count = harness.Store.Count();
        harness.Site.Script(PathOf(Day1), Enumerable.Range(0, 4).Select(_ => LocalHttpResponse.Text(500, "oops")).ToArray());
        var sleepsBefore = harness.Sleeps.Count;

        var report = await sync.RunAsync(harness.Store, Day1, Day1, null, CancellationToken.None);

        Assert.Equal((0, 1), (report.Downloaded, report.Failed));
        var line = Assert.Single(report.Problems);
        Assert.Contains("HTTP 500", line, StringComparison.Ordinal);
        Assert.Contains("4 tries", line, StringComparison.Ordinal);
        Assert.Contains("kept the copy fetched earlier", line, StringComparison.Ordinal);
        var backoffs = harness.Sleeps.Skip(sleepsBefore).Where(s => s < TimeSpan.FromMinutes(1)).ToList();
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], backoffs);
        Assert.Equal(before, File.ReadAllBytes(sync.CachePathOf(Day1)));
        Assert.Equal(count, harness.Store.Count());
    }

    [SkippableFact]
    public async Task A_slow_answer_times_out_and_the_retry_succeeds()
    {
        await using var harness = ServeThreeDays();
        harness.Options = harness.Options with { RequestTimeout = TimeSpan.FromSeconds(3) };
        harness.Site.Script(PathOf(Day2), LocalHttpResponse.Text(200, "[]") with { Delay = TimeSpan.FromMinutes(2) });
        using var client = new PoliteHttpClient(harness.Options);

        var report = await harness.Sync(client).RunAsync(harness.Store, Day2, Day2, null, CancellationToken.None);

        Assert.Equal((1, 0), (report.Downloaded, report.Failed));
        Assert.Equal(3, harness.Store.Count());
        Assert.Equal(2, harness.Server.Requests.Count);
    }

    [SkippableFact]
    public async Task A_body_cut_short_is_retried_and_when_it_stays_short_nothing_is_kept()
    {
        await using var harness = ServeThreeDays();
        var body = FetchHarness.Fixture("hf-daily-papers/lucas-m-lopes_sotawhat/hf_daily_papers.json");
        LocalHttpResponse Short() => new(200, body[..(body.Length / 3)]) { DeclaredLength = body.Length };
        harness.Site.Script(PathOf(Day3), Short());
        harness.Site.Script(PathOf(Day2), Short(), Short(), Short(), Short());
        using var client = new PoliteHttpClient(harness.Options);

        var report = await harness.Sync(client).RunAsync(harness.Store, Day2, Day3, null, CancellationToken.None);

        Assert.Equal((1, 1), (report.Downloaded, report.Failed));
        var line = Assert.Single(report.Problems);
        Assert.StartsWith("2026-06-02: 127.0.0.1: the response broke off", line, StringComparison.Ordinal);
        Assert.Contains("nothing kept for that day", line, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.Sync(client).CachePathOf(Day2)));
        Assert.Equal(30, harness.Store.Count());
    }

    [SkippableTheory]
    [InlineData("[{\"paper\": {\"id\": \"2606.0", "application/json", "invalid JSON")]
    [InlineData("<!DOCTYPE html><html><head><title>503</title></head><body>We'll be right back</body></html>", "text/html", "HTML page")]
    [InlineData("", "application/json", "empty")]
    public async Task A_bad_body_with_status_200_is_refused_with_one_line_and_the_index_is_untouched(string body, string type, string expected)
    {
        await using var harness = ServeThreeDays();
        using var client = new PoliteHttpClient(harness.Options);
        var sync = harness.Sync(client);
        await sync.RunAsync(harness.Store, Day1, Day1, null, CancellationToken.None);
        var before = File.ReadAllBytes(sync.CachePathOf(Day1));
        harness.Site.Script(PathOf(Day1), new LocalHttpResponse(200, Encoding.UTF8.GetBytes(body), type));

        var report = await sync.RunAsync(harness.Store, Day1, Day2, null, CancellationToken.None);

        var line = Assert.Single(report.Problems);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Equal((1, 1), (report.Downloaded, report.Failed));
        Assert.Equal(before, File.ReadAllBytes(sync.CachePathOf(Day1)));
        Assert.Equal(5 + 3, harness.Store.Count());
    }

    [SkippableFact]
    public async Task An_unreachable_service_stops_the_run_with_one_line()
    {
        await using var harness = ServeThreeDays();
        harness.Options = harness.Options with { HuggingFaceUrl = LocalHttpServer.ClosedPortUrl(), MaxAttempts = 2 };
        using var client = new PoliteHttpClient(harness.Options);

        var report = await harness.Sync(client).RunAsync(harness.Store, Day1, Day3, null, CancellationToken.None);

        Assert.True(report.Stopped);
        var line = Assert.Single(report.Problems);
        Assert.StartsWith("2026-06-01: 127.0.0.1: cannot connect", line, StringComparison.Ordinal);
        Assert.Contains("stopped", line, StringComparison.Ordinal);
        Assert.Equal(0, harness.Store.Count());
        Assert.Null(report.LastSynced);
    }

    [SkippableFact]
    public async Task The_index_remembers_the_last_synced_day_and_the_default_range_starts_there()
    {
        await using var harness = ServeThreeDays();
        using var client = new PoliteHttpClient(harness.Options);
        var today = new DateOnly(2026, 6, 10);
        var never = HuggingFaceDailySync.DefaultRange(harness.Store, today);
        harness.Site.Script(PathOf(Day3), Enumerable.Range(0, 4).Select(_ => LocalHttpResponse.Text(503, "busy")).ToArray());

        var report = await harness.Sync(client).RunAsync(harness.Store, Day1, Day3, null, CancellationToken.None);

        Assert.Equal((new DateOnly(2026, 6, 4), today), never);
        Assert.Equal(Day2, report.LastSynced);
        Assert.Equal("2026-06-02", IndexSettings.Get(harness.Store, HuggingFaceDailySync.LastSyncedSetting));
        Assert.Equal((Day2, today), HuggingFaceDailySync.DefaultRange(harness.Store, today));
    }

    [SkippableFact]
    public async Task Progress_reports_every_day_and_the_papers_indexed_so_far()
    {
        await using var harness = ServeThreeDays();
        using var client = new PoliteHttpClient(harness.Options);
        var seen = new List<SyncProgress>();

        await harness.Sync(client).RunAsync(harness.Store, Day1, Day3, seen.Add, CancellationToken.None);

        Assert.Equal([Day1, Day2, Day3, null], seen.Select(p => p.Day));
        Assert.Equal([0, 5, 8, 38], seen.Select(p => p.PapersAdded));
        Assert.All(seen, p => Assert.Equal(3, p.DaysTotal));
    }

    [SkippableFact]
    public async Task A_day_without_papers_is_cached_for_the_next_conditional_request_and_is_no_problem()
    {
        await using var harness = ServeThreeDays();
        var empty = new DateOnly(2026, 6, 6);
        harness.Site.Serve(PathOf(empty), "[]"u8.ToArray());
        using var client = new PoliteHttpClient(harness.Options);
        var sync = harness.Sync(client);

        var first = await sync.RunAsync(harness.Store, empty, empty, null, CancellationToken.None);
        var second = await sync.RunAsync(harness.Store, empty, empty, null, CancellationToken.None);

        Assert.Equal((1, 0), (first.Downloaded, first.Failed));
        Assert.Empty(first.Problems);
        Assert.Equal((0, 1), (second.Downloaded, second.NotModified));
        Assert.Empty(second.Problems);
        Assert.Equal(empty, second.LastSynced);
    }

    [SkippableFact]
    public async Task An_interrupted_sync_keeps_the_days_fetched_and_indexed_before_it()
    {
        await using var harness = ServeThreeDays();
        using var client = new PoliteHttpClient(harness.Options);
        using var stop = new CancellationTokenSource();
        var sync = harness.Sync(client);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sync.RunAsync(harness.Store, Day1, Day3, p =>
        {
            if (p.Day == Day2)
            {
                stop.Cancel(); // the user pressed Ctrl+C while day 2 was due
            }
        }, stop.Token));

        Assert.Equal(5, harness.Store.Count());
        Assert.True(File.Exists(sync.CachePathOf(Day1)));
        Assert.False(File.Exists(sync.CachePathOf(Day2)));
        var again = await sync.RunAsync(harness.Store, Day1, Day3, null, CancellationToken.None);
        Assert.Equal((2, 1), (again.Downloaded, again.NotModified));
        Assert.Equal(38, harness.Store.Count());
    }
}
