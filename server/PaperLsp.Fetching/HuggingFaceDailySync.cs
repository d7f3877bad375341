using System.Globalization;
using PaperLsp.Ingestion;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage;

namespace PaperLsp.Fetching;

/// <summary>
/// <c>paperlsp sync hf</c>: fetches the Hugging Face Daily Papers API for each day of a range, oldest first, through
/// the <see cref="PoliteHttpClient"/> (conditional on the cached copy's validators), keeps every good response in the
/// cache and indexes that file at once with the incremental indexer (one transaction per file). A failed day leaves
/// its earlier copy and the index as they were; an unreachable service stops the run. The index remembers the last
/// day up to which every day was synced; the next run without dates starts there.
/// </summary>
public sealed class HuggingFaceDailySync
{
    /// <summary>The <see cref="IndexSettings"/> name of the last fully synced day (yyyy-MM-dd).</summary>
    public const string LastSyncedSetting = "sync.hf.daily.last";

    /// <summary>Days fetched when the index has never been synced.</summary>
    public const int DefaultDays = 7;

    /// <summary>The longest range one run fetches (a year of days, one polite request each).</summary>
    public const int MaxDays = 366;

    private readonly PoliteHttpClient client;
    private readonly FetchOptions options;
    private readonly ResponseCache cache;

    public HuggingFaceDailySync(PoliteHttpClient client, FetchOptions options, ResponseCache cache)
    {
        this.client = client;
        this.options = options;
        this.cache = cache;
    }

    /// <summary>The range of a run without dates: from the last synced day (fetched again: its list may have grown) to today, else the last 7 days.</summary>
    public static (DateOnly From, DateOnly To) DefaultRange(PaperStore store, DateOnly today)
    {
        var last = IndexSettings.Get(store, LastSyncedSetting);
        if (last is not null && DateOnly.TryParseExact(last, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day <= today)
        {
            return (day, today);
        }

        return (today.AddDays(1 - DefaultDays), today);
    }

    /// <summary>The API URL of one day.</summary>
    public Uri UrlOf(DateOnly day) => new(options.HuggingFaceUrl, "api/daily_papers?date=" + Format(day));

    /// <summary>The cached response of one day.</summary>
    public string CachePathOf(DateOnly day) => cache.PathOf("hf-daily", Format(day) + ".json");

    public async Task<SyncReport> RunAsync(PaperStore store, DateOnly from, DateOnly to, Action<SyncProgress>? onProgress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (to < from)
        {
            throw new ArgumentException($"the range {Format(from)}..{Format(to)} is empty");
        }

        var total = to.DayNumber - from.DayNumber + 1;
        if (total > MaxDays)
        {
            throw new ArgumentException($"the range {Format(from)}..{Format(to)} has {total} days; sync at most {MaxDays} at a time");
        }

        var indexer = new PaperIndexer(store);
        var problems = new List<string>();
        int downloaded = 0, notModified = 0, failed = 0, added = 0, updated = 0, done = 0;
        long bytes = 0;
        var stopped = false;
        DateOnly? contiguous = null;
        var unbroken = true;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            onProgress?.Invoke(new SyncProgress(day, done, total, added));
            var path = CachePathOf(day);
            var url = UrlOf(day);
            var response = await client.GetAsync(url, "application/json", ResponseCache.ValidatorsOf(path), options.RequestDelay, cancellationToken).ConfigureAwait(false);
            var ok = false;
            switch (response.Status)
            {
                case FetchStatus.Ok:
                    var inspected = ResponseInspector.Inspect(response.Body, SourceFormat.HuggingFaceApiJson, path);
                    if (inspected.Problem is not null)
                    {
                        failed++;
                        problems.Add($"{Format(day)}: {url.Host}: {inspected.Problem}; {Kept(path)}");
                        break;
                    }

                    ResponseCache.Store(path, response.Body, response.Validators, url);
                    downloaded++;
                    bytes += response.Body.Length;
                    ok = true;
                    break;
                case FetchStatus.NotModified:
                    notModified++;
                    ok = true;
                    break;
                case FetchStatus.Unreachable:
                    failed++;
                    stopped = true;
                    problems.Add($"{Format(day)}: {response.Error}; stopped, {Kept(path)}");
                    break;
                default:
                    failed++;
                    problems.Add($"{Format(day)}: {response.Error}; {Kept(path)}");
                    break;
            }

            if (File.Exists(path) && SourceReader.Detect(path) != SourceFormat.Unknown)
            {
                // A day without papers ("[]") is cached for the next conditional request but holds nothing to index.
                // Also after a 304 or a failure: a copy fetched by an earlier, interrupted run gets indexed now (unchanged files are skipped).
                var report = indexer.Index([path], cancellationToken: cancellationToken);
                added += report.PapersAdded;
                updated += report.PapersUpdated;
                foreach (var problem in report.Problems.Take(3))
                {
                    problems.Add($"{problem.Path}:{problem.Line}: {problem.Message}");
                }
            }

            unbroken &= ok;
            if (unbroken)
            {
                contiguous = day;
            }

            done++;
            if (stopped)
            {
                break;
            }
        }

        if (contiguous is { } last && (IndexSettings.Get(store, LastSyncedSetting) is not { } previous || string.CompareOrdinal(previous, Format(last)) < 0))
        {
            IndexSettings.Set(store, LastSyncedSetting, Format(last));
        }

        onProgress?.Invoke(new SyncProgress(null, done, total, added));
        return new SyncReport(from, to, total, downloaded, notModified, failed, stopped, bytes, added, updated, store.Count(), contiguous, problems);
    }

    private static string Kept(string path) => File.Exists(path) ? "kept the copy fetched earlier" : "nothing kept for that day";

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
