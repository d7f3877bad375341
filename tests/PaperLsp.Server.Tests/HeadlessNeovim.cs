using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests;

/// <summary>Runs a prepared headless Neovim process and reads the JSON report its Lua script writes.</summary>
internal static class HeadlessNeovim
{
    /// <summary>The <c>nvim</c> on PATH; skips the calling test where there is none.</summary>
    public static string FindOrSkip()
    {
        var nvim = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "nvim")).FirstOrDefault(File.Exists);
        Skip.If(nvim is null, "nvim is not installed (apt-get install -y neovim): test skipped");
        return nvim;
    }

    /// <summary>
    /// The start of tests/nvim/lifecycle.lua in headless Neovim against the built server (<paramref name="dll"/> over
    /// stdio): it opens <paramref name="file"/>, sends <paramref name="requests"/> and writes its report to
    /// <paramref name="resultPath"/>. Callers add their own environment (settings, timeouts) before running it.
    /// </summary>
    public static ProcessStartInfo Lifecycle(string nvim, string dll, string file, JsonArray requests, string resultPath)
    {
        var script = Path.Combine(SharedData.RepoRoot, "tests", "nvim", "lifecycle.lua");
        var start = new ProcessStartInfo(nvim, ["--headless", "--clean", "-n", "-c", $"luafile {script}"])
        {
            WorkingDirectory = SharedData.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["PAPERLSP_CMD_JSON"] = new JsonArray("dotnet", dll, "serve", "--stdio").ToJsonString();
        start.Environment["PAPERLSP_NVIM_FILE"] = file;
        start.Environment["PAPERLSP_NVIM_RESULT"] = resultPath;
        start.Environment["PAPERLSP_NVIM_REQUESTS"] = requests.ToJsonString();
        return start;
    }

    /// <summary>
    /// Starts <paramref name="start"/>, waits at most <paramref name="within"/> (killing it and failing past that), and
    /// returns the report at <paramref name="resultPath"/>; fails with nvim's output when it wrote none.
    /// </summary>
    public static async Task<JsonElement> RunAsync(ProcessStartInfo start, string resultPath, TimeSpan within)
    {
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"nvim did not finish: {await stdout} {await stderr}");
        }

        Assert.True(File.Exists(resultPath), $"nvim wrote no report (exit {process.ExitCode}): {await stdout} {await stderr}");
        return JsonDocument.Parse(await File.ReadAllTextAsync(resultPath)).RootElement.Clone();
    }
}
