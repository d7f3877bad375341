using System.Globalization;

namespace PaperLsp.Benchmarks;

/// <summary>What one long-line session measured: per-keystroke and completion latencies (sorted, milliseconds).</summary>
internal sealed record LongLineFigures(string Label, IReadOnlyList<double> Keystrokes, IReadOnlyList<double> Completions)
{
    /// <summary>"p50 / p90 / p99 / max" of sorted latencies.</summary>
    public static string Summary(IReadOnlyList<double> sorted) => sorted.Count == 0
        ? "n/a"
        : string.Create(CultureInfo.InvariantCulture,
            $"p50 {LatencyRecorder.Percentile(sorted, 0.5):F1} / p90 {LatencyRecorder.Percentile(sorted, 0.9):F1} / p99 {LatencyRecorder.Percentile(sorted, 0.99):F1} / max {sorted[^1]:F1} ms (n={sorted.Count})");

    /// <summary>The ratio of two medians, "a / b = r×".</summary>
    public static string MedianRatio(IReadOnlyList<double> a, IReadOnlyList<double> b) => a.Count == 0 || b.Count == 0
        ? "n/a"
        : string.Create(CultureInfo.InvariantCulture, $"{LatencyRecorder.Percentile(a, 0.5) / Math.Max(1e-3, LatencyRecorder.Percentile(b, 0.5)):F1}×");
}
