using System.Globalization;

namespace PaperLsp.Benchmarks;

/// <summary>Collects latencies per method and prints p50/p90/p99/max tables.</summary>
internal sealed class LatencyRecorder
{
    private readonly Dictionary<string, List<double>> samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> cancelled = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> nonEmpty = new(StringComparer.Ordinal);

    private readonly List<(string Method, double Milliseconds, string Note)> slowest = [];

    /// <summary>Records a sample with a note (when it happened, what it was) kept for the list of slowest samples.</summary>
    public void Add(string method, double milliseconds, int itemCount, string note)
    {
        Add(method, milliseconds, itemCount);
        slowest.Add((method, milliseconds, note));
        if (slowest.Count > 64)
        {
            slowest.Sort((a, b) => b.Milliseconds.CompareTo(a.Milliseconds));
            slowest.RemoveRange(32, slowest.Count - 32);
        }
    }

    public void Add(string method, double milliseconds, int itemCount)
    {
        if (!samples.TryGetValue(method, out var list))
        {
            samples[method] = list = [];
        }

        list.Add(milliseconds);
        if (itemCount > 0)
        {
            nonEmpty[method] = nonEmpty.GetValueOrDefault(method) + 1;
        }
    }

    /// <summary>The recorded latencies of <paramref name="method"/>, sorted ascending.</summary>
    public IReadOnlyList<double> Sorted(string method) => samples.GetValueOrDefault(method)?.Order().ToList() ?? [];

    /// <summary>The methods (or kinds) with samples.</summary>
    public IEnumerable<string> Kinds => samples.Keys;

    public void AddError(string method) => errors[method] = errors.GetValueOrDefault(method) + 1;

    public void AddCancelled(string method) => cancelled[method] = cancelled.GetValueOrDefault(method) + 1;

    public int CancelledCount => cancelled.Values.Sum();

    public int ErrorCount => errors.Values.Sum();

    /// <summary>The q-quantile (0..1) of sorted values by nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    public void Print(TextWriter writer)
    {
        writer.WriteLine($"{"method",-34} {"n",5} {"non-empty",9} {"cancel",6} {"errors",6} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8}");
        foreach (var method in samples.Keys.Concat(cancelled.Keys).Concat(errors.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            var sorted = samples.GetValueOrDefault(method)?.Order().ToList() ?? [];
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{method,-34} {sorted.Count,5} {nonEmpty.GetValueOrDefault(method),9} {cancelled.GetValueOrDefault(method),6} {errors.GetValueOrDefault(method),6} {Percentile(sorted, 0.5),8:F1} {Percentile(sorted, 0.9),8:F1} {Percentile(sorted, 0.99),8:F1} {(sorted.Count == 0 ? double.NaN : sorted[^1]),8:F1}"));
        }

        if (slowest.Count > 0)
        {
            writer.WriteLine("slowest requests:");
            foreach (var (method, milliseconds, note) in slowest.OrderByDescending(s => s.Milliseconds).Take(8))
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {milliseconds,8:F1} ms  {method} {note}"));
            }
        }
    }
}
