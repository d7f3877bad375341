using System.Diagnostics;
using PaperLsp.Server.Client;
using PaperLsp.Server.Queue;

namespace PaperLsp.Server.Tests;

/// <summary>
/// A request slower than the threshold leaves one line in the server's log that splits its time into the wait for its
/// turn and its run, with the CPU the server's threads used meanwhile; a faster one leaves none.
/// </summary>
public sealed class SlowRequestsTests
{
    [Theory]
    [InlineData(null, 100)]
    [InlineData("", 100)]
    [InlineData("12", 12)]
    [InlineData("0.5", 0.5)]
    [InlineData("0", 0)]
    [InlineData("-3", 100)]
    [InlineData("fast", 100)]
    public void The_threshold_is_100_ms_unless_set(string? value, double expected) =>
        Assert.Equal(expected, SlowRequests.ReadThreshold(value));

    [Fact]
    public void A_request_over_the_threshold_is_logged_with_its_wait_and_run()
    {
        var lines = new List<string>();
        var log = new ServerLog(lines.Add);
        var now = Stopwatch.GetTimestamp();
        var arrived = now - (long)(Stopwatch.Frequency * 0.5); // half a second ago
        var started = now - (long)(Stopwatch.Frequency * 0.2); // its run began 200 ms ago
        var cpu = Environment.CpuUsage.TotalTime;
        var spin = Stopwatch.StartNew();
        while ((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds < 30 && spin.Elapsed < TimeSpan.FromSeconds(20))
        {
            // busy until the process has used 30 ms of CPU while the request "runs" (wall time is not enough: on a
            // loaded two-core machine the spinning thread can be descheduled for part of a 30 ms wall-clock spin)
        }

        SlowRequests.Report(log, "textDocument/completion", arrived, started, GC.GetTotalPauseDuration(), GC.CollectionCount(0), cpu);
        var line = Assert.Single(lines);
        Assert.Contains("slow request textDocument/completion: ", line, StringComparison.Ordinal);
        Assert.Matches(@"waited 3\d\d\.\d ms for its turn, ran \d+\.\d ms, the server's threads using (\d+)\.\d ms of CPU meanwhile", line);
        var used = double.Parse(System.Text.RegularExpressions.Regex.Match(line, @"using (\d+\.\d) ms of CPU").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(used, 30, 60_000); // the 30 ms of CPU spent before the report counted
        Assert.Contains(" Log] ", line, StringComparison.Ordinal); // the log only, not the editor's message window

        SlowRequests.Report(log, "textDocument/hover", Stopwatch.GetTimestamp(), Stopwatch.GetTimestamp(), GC.GetTotalPauseDuration(), GC.CollectionCount(0), Environment.CpuUsage.TotalTime);
        Assert.Single(lines); // a fast one: nothing
    }

    [Fact]
    public void An_answer_written_over_the_threshold_after_its_first_byte_is_logged_with_the_clients_id_and_its_parts()
    {
        var lines = new List<string>();
        var log = new ServerLog(lines.Add);
        var now = Stopwatch.GetTimestamp();
        var firstByte = now - (long)(Stopwatch.Frequency * 0.5);
        var read = firstByte + (long)(Stopwatch.Frequency * 0.001);
        var writing = now - (long)(Stopwatch.Frequency * 0.1);
        SlowRequests.ReportAnswer(log, "textDocument/completion", "7", firstByte, read, writing, 2048, 1, TimeSpan.FromMilliseconds(3.5));
        var line = Assert.Single(lines);
        Assert.Matches(@"slow answer textDocument/completion \(id 7\): \d{3,}\.\d ms from its first byte read to its answer written \(reading it 1\.0 ms, then 399\.0 ms to the answer, writing 2\.0 KiB \d{3,}\.\d ms with 1 garbage collection\(s\) pausing 3\.5 ms", line);

        var at = Stopwatch.GetTimestamp();
        SlowRequests.ReportAnswer(log, "textDocument/hover", "8", at, at, at, 10, 0, TimeSpan.Zero);
        Assert.Single(lines); // a fast one: nothing
    }
}
