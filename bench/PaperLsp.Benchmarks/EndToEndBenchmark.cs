using System.Globalization;
using System.Text.Json.Nodes;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>e2e --index DB [--server paperlsp.dll] [--tex FILE.tex] [--model DIR] [--sentences N] [--keystroke-ms MS]</c>:
/// starts the real server (<c>dotnet paperlsp.dll serve --stdio</c>), points it at a prepared index, opens a real LaTeX
/// paper (its folder, .bib included, copied into a temporary workspace) and replays a typing session through LSP:
/// didChange per keystroke, completion at <c>\citep{</c> and on every key-prefix keystroke (outdated ones cancelled
/// with $/cancelRequest), hover on cited keys, code actions on typed sentences, workspace/symbol queries typed
/// character by character. Prints cold start, p50/p90/p99/max per method, cancellations and the server's peak RSS
/// (with what it was made of: anonymous, file-backed, shared). <c>--start-only</c> stops after the start-up figures
/// (to index-backed results, to the first non-empty completion, to "ready") without typing. <c>--requests FILE</c>
/// writes every measured request as a row (id, method, kind, when it was answered, the two latencies, response bytes) to
/// set beside the server's own per-request lines (<c>PAPERLSP_SLOW_REQUEST_MS=0</c>).
/// </summary>
internal static class EndToEndBenchmark
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public static int Run(string[] args)
    {
        var index = BenchArgs.Value(args, "--index");
        var server = BenchArgs.Value(args, "--server") ?? DefaultServer();
        var tex = BenchArgs.Value(args, "--tex") ?? DefaultTex();
        var model = BenchArgs.Value(args, "--model");
        var sentences = int.Parse(BenchArgs.Value(args, "--sentences") ?? "12", CultureInfo.InvariantCulture);
        var keystrokeMs = int.Parse(BenchArgs.Value(args, "--keystroke-ms") ?? "40", CultureInfo.InvariantCulture);
        var warmTimeout = TimeSpan.FromSeconds(double.Parse(BenchArgs.Value(args, "--warm-timeout-s") ?? "120", CultureInfo.InvariantCulture));
        if (index is null || !File.Exists(index))
        {
            Console.Error.WriteLine("e2e: --index must name an existing index (build one with 'paperlsp --index DB index CORPUS')");
            return 1;
        }

        if (server is null || !File.Exists(server))
        {
            Console.Error.WriteLine("e2e: server not found; build it (dotnet build server/PaperLsp.Cli -c Release) or pass --server paperlsp.dll, or a published paperlsp executable");
            return 1;
        }

        if (tex is null || !File.Exists(tex))
        {
            Console.Error.WriteLine("e2e: LaTeX file not found; pass --tex paper.tex (its folder is copied, .bib included)");
            return 1;
        }

        var workspace = Path.Combine(Path.GetTempPath(), "paperlsp-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            CopyDirectory(Path.GetDirectoryName(Path.GetFullPath(tex))!, workspace);
            var texCopy = Path.Combine(workspace, Path.GetFileName(tex));
            var settings = new JsonObject
            {
                ["indexPath"] = Path.GetFullPath(index),
                ["corpusPaths"] = new JsonArray(),
            };
            if (model is not null)
            {
                settings["modelPath"] = Path.GetFullPath(model);
            }

            Console.WriteLine($"e2e: server {server} ({ServerLaunch.Describe(server)})");
            Console.WriteLine($"e2e: index {Path.GetFullPath(index)} ({new FileInfo(index).Length / 1048576.0:F0} MiB), document {tex}");
            Console.WriteLine($"e2e: machine {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            var session = new EndToEndSession(server, settings, workspace, texCopy, sentences, keystrokeMs, warmTimeout, RequestTimeout, BenchArgs.Flag(args, "--start-only"))
            {
                RequestsFile = BenchArgs.Value(args, "--requests"),
            };
            return session.RunAsync().GetAwaiter().GetResult();
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

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    internal static string? DefaultServer() => SharedPaths.RepoRoot() is { } root
        ? Path.Combine(root, "server", "PaperLsp.Cli", "bin", "Release", "net10.0", "paperlsp.dll")
        : null;

    internal static string? DefaultTex() => SharedPaths.Root() is { } shared
        ? Path.Combine(shared, "latex", "evolution-momentum-inference-scaling", "src", "emnlp2026.tex")
        : null;

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
