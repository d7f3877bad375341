namespace PaperLsp.Benchmarks.Lucene;

/// <summary>
/// What one fresh process measured for one engine (<c>lucene-probe</c>): open-to-first-result (process start excluded:
/// from the probe's first line, so JIT of the engine's code counts), the latency of each query of the set in order, and
/// its memory after the set (VmRSS split into anonymous and file-backed, and the peak).
/// </summary>
internal sealed record LuceneProbeResult(
    string Engine,
    double OpenMs,
    double FirstResultMs,
    double[] QueryMs,
    double RssMiB,
    double AnonMiB,
    double FileMiB,
    double PeakMiB);
