using PaperLsp.Ingestion.Model;
using PaperLsp.Storage.Indexing;

namespace PaperLsp.Storage.Tests;

public sealed class RecordPrefetchTests
{
    private static Paper Make(int line) => new()
    {
        Title = "Paper " + line,
        Abstract = "About " + line,
        Source = new PaperSource("x.papers", SourceFormat.ListingText, line),
    };

    /// <summary>Records at lines 1..count; a problem at every third line (reported before that line's record).</summary>
    private static IEnumerable<Paper> Source(int count, Action<ParseProblem> onProblem, int failAt = -1)
    {
        for (var line = 1; line <= count; line++)
        {
            if (line == failAt)
            {
                throw new IOException("disk gone at line " + line);
            }

            if (line % 3 == 0)
            {
                onProblem(new ParseProblem("x.papers", line, "bad field"));
            }

            yield return Make(line);
        }

        onProblem(new ParseProblem("x.papers", count + 1, "trailing garbage"));
    }

    [Fact]
    public void Records_come_in_order_prepared_and_the_problem_count_follows_the_records_handed_out()
    {
        var reported = new List<ParseProblem>();
        var prefetch = new RecordPrefetch(reported.Add);
        var seen = new List<(int Line, int Problems)>();
        foreach (var prepared in prefetch.Read(Source(5000, prefetch.Report)))
        {
            // The reader runs ahead, but the count is that of the records handed out so far.
            seen.Add((prepared.Paper.Source.Line, prefetch.Problems));
            Assert.Equal(IngestionBridge.IdentityKeys(prepared.Paper), prepared.Identities);
            Assert.Equal(StoredRecord.Json(prepared.Paper, withSource: false), prepared.RecordJson);
        }

        Assert.Equal(Enumerable.Range(1, 5000), seen.Select(s => s.Line));
        Assert.All(seen, s => Assert.Equal(s.Line / 3, s.Problems));
        Assert.Equal((5000 / 3) + 1, prefetch.Problems); // the trailing problem counts once the end is reached
        Assert.Equal(prefetch.Problems, reported.Count);
    }

    [Fact]
    public void A_reader_failure_reaches_the_writer_after_the_records_before_it()
    {
        var prefetch = new RecordPrefetch(_ => { });
        var lines = new List<int>();
        var e = Assert.Throws<IOException>(() =>
        {
            foreach (var prepared in prefetch.Read(Source(3000, prefetch.Report, failAt: 2500)))
            {
                lines.Add(prepared.Paper.Source.Line);
            }
        });
        Assert.Contains("line 2500", e.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 2499), lines);
    }

    [Fact]
    public void Stopping_early_stops_the_reader()
    {
        var prefetch = new RecordPrefetch(_ => { });
        var produced = 0;
        IEnumerable<Paper> Endless()
        {
            for (var line = 1; ; line++)
            {
                Interlocked.Increment(ref produced);
                yield return Make(line);
            }
        }

        var taken = prefetch.Read(Endless()).Take(10).Count();
        Assert.Equal(10, taken);
        var after = Volatile.Read(ref produced);
        Thread.Sleep(200);
        Assert.Equal(after, Volatile.Read(ref produced)); // the reader thread was joined when enumeration stopped
        Assert.InRange(after, 10, 10 + RecordPrefetch.Capacity + 2);
    }
}
