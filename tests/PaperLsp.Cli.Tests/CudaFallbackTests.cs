using System.Diagnostics;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.TestSupport;

namespace PaperLsp.Cli.Tests;

/// <summary>
/// <c>device: auto</c> with a CUDA build of ONNX Runtime in the side folder but no usable CUDA: the CLI runs on CPU,
/// says why in one line, and doctor reports the CUDA build's state. Each case runs the CLI in its own process,
/// because a process loads ONNX Runtime's native library once.
/// </summary>
public sealed class CudaFallbackTests
{
    private static (int Exit, string Output, string Error) Run(string cudaFolder, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "paperlsp.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = SharedData.RepoRoot,
        };
        start.Environment[CudaRuntimeLocator.FolderEnvironmentVariable] = cudaFolder;
        start.Environment.Remove(ExecutionProviderSelector.NativeLibraryEnvironmentVariable);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "paperlsp did not finish");
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FakeCudaBuild(string root)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "onnxruntime-cuda")).FullName;
        foreach (var file in new[] { CudaRuntimeLocator.RuntimeLibraryFile, CudaRuntimeLocator.SharedProvidersFile, CudaRuntimeLocator.CudaProviderFile })
        {
            File.WriteAllText(Path.Combine(folder, file), "not a shared library");
        }

        return folder;
    }

    private static void AssertOneCpuFallbackLine(string error, string expectedReason)
    {
        var lines = error.Split('\n').Where(l => l.StartsWith("embeddings:", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.StartsWith("embeddings: running on CPU because ", line, StringComparison.Ordinal);
        Assert.Matches(expectedReason, line);
    }

    [SkippableFact]
    public void Demo_with_a_broken_cuda_build_runs_on_cpu_and_says_why_in_one_line()
    {
        Skip.If(ModelLocator.FindDefault() is null, "no prepared default model (bash scripts/fetch-model.sh): test skipped");
        using var run = new CliRun();
        var (exit, output, error) = Run(FakeCudaBuild(run.Root), "demo", "--corpus", Path.Combine(SharedData.RepoRoot, "samples", "corpus"));
        Assert.True(exit == 0, error);
        Assert.Contains("== search", output, StringComparison.Ordinal);
        AssertOneCpuFallbackLine(error, "the CUDA build of ONNX Runtime in .*onnxruntime-cuda could not load libonnxruntime_providers_shared");
    }

    [SkippableFact]
    public void Demo_with_the_real_cuda_build_but_no_cuda_names_the_missing_library_and_doctor_reports_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64, "the CUDA build is for Linux x64");
        Skip.If(ModelLocator.FindDefault() is null, "no prepared default model (bash scripts/fetch-model.sh): test skipped");
        var folder = CudaBuildPackage.NativeFolder();
        Skip.If(folder is null, "Microsoft.ML.OnnxRuntime.Gpu.Linux is not in the NuGet cache (bash scripts/fetch-cuda-runtime.sh downloads it): test skipped");
        Skip.If(CudaRuntimeLocator.CheckLoadable(folder!) is null, "this machine has the CUDA libraries: the fallback does not apply");

        var (exit, output, error) = Run(folder!, "demo", "--corpus", Path.Combine(SharedData.RepoRoot, "samples", "corpus"));
        Assert.True(exit == 0, error);
        Assert.Contains("== search", output, StringComparison.Ordinal);
        AssertOneCpuFallbackLine(error, @"needs lib[A-Za-z]+\.so\.\d+, which is not installed \(install CUDA 13");

        using var run = new CliRun();
        var (_, doctor, _) = Run(folder!, "--index", run.DbPath, "doctor");
        Assert.Matches(@"CUDA runtime:\s+.*onnxruntime.gpu.linux.*: not usable: the CUDA build of ONNX Runtime in .* needs lib", doctor);
        Assert.Matches(@"execution provider:\s+CPU \(the CUDA build", doctor);
        Assert.Matches(@"providers:\s+CPUExecutionProvider", doctor);
    }
}
