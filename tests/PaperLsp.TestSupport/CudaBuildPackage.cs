namespace PaperLsp.TestSupport;

/// <summary>Where the NuGet cache keeps the CUDA build of ONNX Runtime (the version Directory.Packages.props names).</summary>
public static class CudaBuildPackage
{
    /// <summary>The package's runtimes/linux-x64/native folder when the cache holds it, else null.</summary>
    public static string? NativeFolder()
    {
        var props = Path.Combine(SharedData.RepoRoot, "Directory.Packages.props");
        var match = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(props), "Include=\"Microsoft.ML.OnnxRuntime.Gpu.Linux\" Version=\"([^\"]+)\"");
        if (!match.Success)
        {
            return null;
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(packages))
        {
            packages = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var folder = Path.Combine(packages, "microsoft.ml.onnxruntime.gpu.linux", match.Groups[1].Value, "runtimes", "linux-x64", "native");
        return File.Exists(Path.Combine(folder, "libonnxruntime_providers_cuda.so")) ? folder : null;
    }
}
