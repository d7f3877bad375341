using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace PaperLsp.Embeddings.Runtime;

/// <summary>
/// Finds the CUDA build of ONNX Runtime (the <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c> NuGet package's
/// <c>libonnxruntime.so</c> with <c>libonnxruntime_providers_shared.so</c> and <c>libonnxruntime_providers_cuda.so</c>)
/// in a side folder, and checks that the CUDA libraries it needs load on this machine. scripts/fetch-cuda-runtime.sh
/// fills such a folder; the NuGet package does not bring CUDA itself (cudart, cuBLAS, cuRAND of CUDA 13, cuDNN 9 and
/// the driver's libcuda must come from the system).
/// </summary>
public static partial class CudaRuntimeLocator
{
    /// <summary>Folder holding the CUDA build; overrides the default places.</summary>
    public const string FolderEnvironmentVariable = "PAPERLSP_ORT_CUDA_DIR";

    /// <summary>Name of the side folder next to the program and under <c>$XDG_DATA_HOME/paperlsp/</c>.</summary>
    public const string FolderName = "onnxruntime-cuda";

    /// <summary>What the CUDA build needs from the system (read from the provider library's ELF dependencies).</summary>
    public const string SystemRequirements = "CUDA 13 (libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libcurand.so.10), cuDNN 9 and the NVIDIA driver (libcuda.so.1)";

    public static string RuntimeLibraryFile => OperatingSystem.IsWindows() ? "onnxruntime.dll" : "libonnxruntime.so";

    public static string SharedProvidersFile => OperatingSystem.IsWindows() ? "onnxruntime_providers_shared.dll" : "libonnxruntime_providers_shared.so";

    public static string CudaProviderFile => OperatingSystem.IsWindows() ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";

    [GeneratedRegex(@"([A-Za-z0-9_.+-]+\.(?:so(?:\.[0-9]+)*|dll))\s*:\s*cannot open shared object file")]
    private static partial Regex MissingLibraryPattern();

    /// <summary>Every folder <see cref="FindFolder"/> looks at, in order.</summary>
    public static IEnumerable<string> Candidates()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(FolderEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            yield return Path.GetFullPath(fromEnvironment);
        }

        yield return Path.Combine(AppContext.BaseDirectory, FolderName);
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            dataHome = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".local", "share");
        }

        if (dataHome is not null)
        {
            yield return Path.Combine(dataHome, "paperlsp", FolderName);
        }
    }

    /// <summary>The first candidate folder holding the CUDA build's runtime and provider libraries, or null.</summary>
    public static string? FindFolder() => Candidates().FirstOrDefault(HoldsCudaBuild);

    public static bool HoldsCudaBuild(string folder) =>
        File.Exists(Path.Combine(folder, RuntimeLibraryFile)) && File.Exists(Path.Combine(folder, CudaProviderFile));

    /// <summary>
    /// Loads the CUDA provider library of <paramref name="folder"/> (after its shared-providers library), which makes
    /// the system load every CUDA library it depends on. Null when that works; else one sentence naming what is
    /// missing and what to install.
    /// </summary>
    public static string? CheckLoadable(string folder)
    {
        foreach (var file in new[] { SharedProvidersFile, CudaProviderFile })
        {
            var path = Path.Combine(folder, file);
            try
            {
                NativeLibrary.Load(path);
            }
            catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
            {
                return DescribeLoadFailure(folder, file, ex.Message);
            }
        }

        return null;
    }

    /// <summary>Turns a loader error into one sentence: the missing library when the message names it.</summary>
    public static string DescribeLoadFailure(string folder, string file, string loaderMessage)
    {
        var missing = MissingLibraryPattern().Matches(loaderMessage)
            .Select(m => m.Groups[1].Value)
            .FirstOrDefault(name => !string.Equals(name, file, StringComparison.Ordinal) && !name.Contains(Path.DirectorySeparatorChar));
        return missing is not null
            ? $"the CUDA build of ONNX Runtime in {folder} needs {missing}, which is not installed (install {SystemRequirements})"
            : $"the CUDA build of ONNX Runtime in {folder} could not load {file} ({FirstLine(loaderMessage)})";
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var end = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? trimmed : trimmed[..end].TrimEnd();
    }
}
