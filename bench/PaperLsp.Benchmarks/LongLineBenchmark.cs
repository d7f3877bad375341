using System.Globalization;
using System.Text.Json.Nodes;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>longline --index DB [--server paperlsp.dll] [--baseline-server other/paperlsp.dll] [--tex FILE.tex] [--mb 2.2]
/// [--sentences N] [--keystroke-ms MS] [--breakdown [--repetitions N]]</c>: the typing session of a document whose text is one line of about
/// <c>--mb</c> million characters (a real paper joined into one line and repeated, its .bib beside it), against the real
/// server over stdio (see <see cref="LongLineSession"/>). Prints per-keystroke and completion p50/p90/p99/max; with
/// <c>--baseline-server</c> the same session runs first against that server and the ratios are printed. Use a small
/// index: this measures document handling, not the catalog. <c>--breakdown</c> times the parts of a keystroke in process
/// instead (<see cref="LongLineBreakdown"/>).
/// </summary>
internal static class LongLineBenchmark
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(120);

    public static int Run(string[] args)
    {
        var index = BenchArgs.Value(args, "--index");
        var server = BenchArgs.Value(args, "--server") ?? EndToEndBenchmark.DefaultServer();
        var baseline = BenchArgs.Value(args, "--baseline-server");
        var tex = BenchArgs.Value(args, "--tex") ?? EndToEndBenchmark.DefaultTex();
        var chars = (int)(double.Parse(BenchArgs.Value(args, "--mb") ?? "2.2", CultureInfo.InvariantCulture) * 1_000_000);
        var sentenceCount = int.Parse(BenchArgs.Value(args, "--sentences") ?? "4", CultureInfo.InvariantCulture);
        var keystrokeMs = int.Parse(BenchArgs.Value(args, "--keystroke-ms") ?? "20", CultureInfo.InvariantCulture);
        if (index is null || !File.Exists(index) || server is null || !File.Exists(server) || tex is null || !File.Exists(tex)
            || (baseline is not null && !File.Exists(baseline)))
        {
            Console.Error.WriteLine("longline: needs --index DB (an existing index), the server (--server paperlsp.dll, default the Release build) and a LaTeX file (--tex, default a paper from ../shared/latex); --baseline-server must exist when given");
            return 1;
        }

        var source = File.ReadAllText(tex);
        var sentences = EndToEndSession.CitingSentences(source).Take(sentenceCount).ToList();
        if (sentences.Count == 0)
        {
            Console.Error.WriteLine("longline: the document has no \\cite with a plain sentence before it to type");
            return 1;
        }

        if (BenchArgs.Flag(args, "--breakdown"))
        {
            var repetitions = int.Parse(BenchArgs.Value(args, "--repetitions") ?? "30", CultureInfo.InvariantCulture);
            LongLineBreakdown.Run(index, LongLineDocument.Build("file:///long.tex", source, chars), repetitions);
            return 0;
        }

        var settings = new JsonObject { ["indexPath"] = Path.GetFullPath(index), ["corpusPaths"] = new JsonArray() };
        Console.WriteLine($"longline: {tex} joined into one line of {chars / 1e6:F1} M chars; index {Path.GetFullPath(index)}; machine {Environment.ProcessorCount} cores, load average {EndToEndBenchmark.LoadAverage()}");
        var runs = new List<LongLineFigures>();
        foreach (var (label, dll) in new[] { ("baseline", baseline), ("server", server) })
        {
            if (dll is null)
            {
                continue;
            }

            var workspace = Path.Combine(Path.GetTempPath(), "paperlsp-longline-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                Directory.CreateDirectory(workspace);
                foreach (var bib in Directory.EnumerateFiles(Path.GetDirectoryName(Path.GetFullPath(tex))!, "*.bib"))
                {
                    File.Copy(bib, Path.Combine(workspace, Path.GetFileName(bib)));
                }

                var path = Path.Combine(workspace, "long.tex");
                var document = LongLineDocument.Build(new Uri(path).AbsoluteUri, source, chars);
                File.WriteAllText(path, document.Text);
                Console.WriteLine($"== {label}: {dll}");
                runs.Add(new LongLineSession(label, dll, settings, workspace, document, sentences, keystrokeMs, TimeSpan.FromSeconds(120), RequestTimeout).RunAsync().GetAwaiter().GetResult());
            }
            finally
            {
                try
                {
                    Directory.Delete(workspace, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        Console.WriteLine($"== long line summary (load average now {EndToEndBenchmark.LoadAverage()})");
        foreach (var run in runs)
        {
            Console.WriteLine($"{run.Label,-9} keystroke  {LongLineFigures.Summary(run.Keystrokes)}");
            Console.WriteLine($"{run.Label,-9} completion {LongLineFigures.Summary(run.Completions)}");
        }

        if (runs.Count == 2)
        {
            Console.WriteLine($"baseline/server median ratio: keystroke {LongLineFigures.MedianRatio(runs[0].Keystrokes, runs[1].Keystrokes)}, completion {LongLineFigures.MedianRatio(runs[0].Completions, runs[1].Completions)}");
        }

        return 0;
    }
}
