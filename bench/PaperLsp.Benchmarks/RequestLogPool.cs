using System.Globalization;
using System.Text.RegularExpressions;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>pool RUN.tsv [RUN.tsv …]</c>: the requests of several <c>e2e --requests</c> runs together. A run's p99 of 48 key
/// characters or 24 hovers is its slowest one; pooled over runs it is a percentile again. Prints, per kind of request,
/// the pooled p50 / p90 / p99 / max and each run's own p99, as the client measured them. Where a run's server log
/// (<c>RUN.tsv.server</c>, written beside it) has the server's <c>slow answer</c> line of a request (the server run with
/// <c>PAPERLSP_SLOW_REQUEST_MS=0</c> logs every one), the same request's time is also split into send → the server
/// reading its first byte, the server's own time (first byte read → answer written) and the rest (answer written → the
/// client's awaiting code seeing it): pooled p50 / p90 / max of each, to tell the server's share from the pipe's and the
/// client's.
/// </summary>
internal static partial class RequestLogPool
{
    public static int Run(string[] args)
    {
        var files = args.ToList(); // no options: anything given is a request file, so a mistyped option is reported as a missing file
        if (files.Count == 0)
        {
            Console.Error.WriteLine("pool: name the request files of e2e runs (e2e --requests FILE)");
            return 1;
        }

        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            Console.Error.WriteLine($"pool: no such file: {missing}");
            return 1;
        }

        var pooled = new LatencyRecorder();
        var perRun = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var split = new Dictionary<string, (List<double> Send, List<double> Server, List<double> After)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var server = ServerTimes(file + ".server");
            var run = new LatencyRecorder();
            foreach (var row in File.ReadLines(file).Skip(1).Select(l => l.Split('\t')).Where(c => c.Length >= 8))
            {
                var kind = row[2].Length > 0 ? row[2] : row[1];
                var ms = double.Parse(row[4], CultureInfo.InvariantCulture);
                pooled.Add(kind, ms, 1);
                run.Add(kind, ms, 1);
                if (server.TryGetValue(row[0], out var answer) && double.TryParse(row[7], NumberStyles.Float, CultureInfo.InvariantCulture, out var sentUs))
                {
                    if (!split.TryGetValue(kind, out var parts))
                    {
                        split[kind] = parts = ([], [], []);
                    }

                    var send = (answer.FirstByteUs - sentUs) / 1000;
                    parts.Send.Add(send);
                    parts.Server.Add(answer.Ms);
                    parts.After.Add(ms - send - answer.Ms);
                }
            }

            foreach (var kind in run.Kinds)
            {
                if (!perRun.TryGetValue(kind, out var list))
                {
                    perRun[kind] = list = [];
                }

                list.Add(LatencyRecorder.Percentile(run.Sorted(kind), 0.99));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pool: {files.Count} run(s), client-side latency (send → the awaiting code saw the answer), all runs together:"));
        Console.WriteLine($"  {"kind",-34} {"n",5} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var kind in pooled.Kinds.Order(StringComparer.Ordinal))
        {
            var sorted = pooled.Sorted(kind);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-34} {sorted.Count,5} {LatencyRecorder.Percentile(sorted, 0.5),8:F1} {LatencyRecorder.Percentile(sorted, 0.9),8:F1} {LatencyRecorder.Percentile(sorted, 0.99),8:F1} {sorted[^1],8:F1}"));
        }

        Console.WriteLine("p99 of each run (in the order given):");
        foreach (var (kind, values) in perRun.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-34} {string.Join(" / ", values.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} ms"));
        }

        if (split.Count > 0)
        {
            Console.WriteLine("split by the server's slow-answer lines (p50 / p90 / max ms): send → first byte read | the server | written → seen by the client");
            foreach (var (kind, parts) in split.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-34} n {parts.Server.Count,5}  {Summary(parts.Send)} | {Summary(parts.Server)} | {Summary(parts.After)}"));
            }
        }

        return 0;
    }

    private static string Summary(List<double> values)
    {
        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{LatencyRecorder.Percentile(sorted, 0.5),5:F1} / {LatencyRecorder.Percentile(sorted, 0.9),5:F1} / {sorted[^1],5:F1}");
    }

    /// <summary>Request id → the server's time from its first byte read to its answer written, and when it read that byte (µs, the monotonic clock the client stamps its sends with).</summary>
    private static Dictionary<string, (double Ms, double FirstByteUs)> ServerTimes(string log)
    {
        var times = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        if (!File.Exists(log))
        {
            return times;
        }

        foreach (var line in File.ReadLines(log))
        {
            if (SlowAnswer().Match(line) is { Success: true } m)
            {
                times[m.Groups["id"].Value] = (double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups["at"].Value, CultureInfo.InvariantCulture));
            }
        }

        return times;
    }

    [GeneratedRegex(@"slow answer \S+ \(id (?<id>[^)]+)\): (?<ms>[\d.]+) ms from its first byte read.*first byte at (?<at>\d+) µs")]
    private static partial Regex SlowAnswer();
}
