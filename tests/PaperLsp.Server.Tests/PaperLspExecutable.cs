using System.Diagnostics;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests;

/// <summary>Finds (and if needed builds) the CLI's paperlsp.dll for the configuration these tests were built in.</summary>
internal static class PaperLspExecutable
{
    private static readonly SemaphoreSlim BuildLock = new(1, 1);

    /// <summary>Debug or Release, read from where the test assembly runs (bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent?.Name ?? "Debug";

    public static string DllPath => Path.Combine(SharedData.RepoRoot, "server", "PaperLsp.Cli", "bin", Configuration, "net10.0", "paperlsp.dll");

    /// <summary>
    /// The dll path; builds the CLI when the dll is missing or older than the server assembly these tests use
    /// (so the process runs the same server code as the in-process tests).
    /// </summary>
    public static async Task<string> EnsureBuiltAsync()
    {
        await BuildLock.WaitAsync();
        try
        {
            var serverDll = Path.Combine(Path.GetDirectoryName(DllPath)!, "PaperLsp.Server.dll");
            var testedServer = typeof(LanguageServerHost).Assembly.Location;
            if (File.Exists(DllPath) && File.Exists(serverDll) && File.GetLastWriteTimeUtc(serverDll) >= File.GetLastWriteTimeUtc(testedServer))
            {
                return DllPath;
            }

            var project = Path.Combine(SharedData.RepoRoot, "server", "PaperLsp.Cli");
            var start = new ProcessStartInfo("dotnet", ["build", project, "-c", Configuration, "-nologo", "-v", "q"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var build = Process.Start(start)!;
            var stdout = build.StandardOutput.ReadToEndAsync();
            var stderr = build.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
            await build.WaitForExitAsync(timeout.Token);
            Assert.True(build.ExitCode == 0, $"building {project} failed:\n{await stdout}\n{await stderr}");
            Assert.True(File.Exists(DllPath), $"{DllPath} is missing after the build");
            return DllPath;
        }
        finally
        {
            BuildLock.Release();
        }
    }
}
