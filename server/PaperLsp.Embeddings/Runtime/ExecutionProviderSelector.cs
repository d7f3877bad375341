using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace PaperLsp.Embeddings.Runtime;

/// <summary>
/// Chooses the ONNX Runtime execution provider. The NuGet ONNX Runtime PaperLsp ships is CPU-only. For CUDA,
/// <see cref="UseNativeLibrary"/> (before the first session is created) loads instead the CUDA build found by
/// <see cref="CudaRuntimeLocator"/> (a side folder filled by scripts/fetch-cuda-runtime.sh) when the CUDA libraries
/// it needs load, or any <c>libonnxruntime</c> named by <c>PAPERLSP_ORT_NATIVE</c>; otherwise the CPU build stays
/// and the reason is kept for the one fallback line.
/// </summary>
public static class ExecutionProviderSelector
{
    public const string NativeLibraryEnvironmentVariable = "PAPERLSP_ORT_NATIVE";
    public const string CudaProviderName = "CUDAExecutionProvider";

    private static readonly Lock Gate = new();
    private static string? NativeLibraryPath;
    private static string? AttemptedPath;
    private static string? NativeLibraryProblem;
    private static bool ResolverDecided;
    private static string? CudaFolder;
    private static string? CudaProblem;

    public static ExecutionProviderPreference Parse(string? value) =>
        (value ?? "auto").Trim().ToLowerInvariant() switch
        {
            "" or "auto" => ExecutionProviderPreference.Auto,
            "cpu" => ExecutionProviderPreference.Cpu,
            "cuda" or "gpu" => ExecutionProviderPreference.Cuda,
            _ => throw new ArgumentException($"unknown execution provider '{value}': use auto, cpu or cuda", nameof(value)),
        };

    /// <summary>
    /// Makes ONNX Runtime load its native library from <paramref name="path"/> (or <c>$PAPERLSP_ORT_NATIVE</c> when
    /// null; when neither is set and <paramref name="preference"/> is not CPU, the CUDA build of
    /// <see cref="CudaRuntimeLocator"/> if its CUDA libraries load). Only effective before ONNX Runtime is first used
    /// in this process; later calls change nothing. Returns a problem description, or null when the library is in use
    /// (or none was asked for).
    /// </summary>
    public static string? UseNativeLibrary(string? path = null, ExecutionProviderPreference preference = ExecutionProviderPreference.Auto)
    {
        path ??= Environment.GetEnvironmentVariable(NativeLibraryEnvironmentVariable);
        lock (Gate)
        {
            if (ResolverDecided)
            {
                if (!string.IsNullOrWhiteSpace(path) && !string.Equals(path, AttemptedPath, StringComparison.Ordinal))
                {
                    return $"ONNX Runtime was already loaded ({NativeLibraryPath ?? "bundled CPU build"}); '{path}' is used only if set before the first model loads";
                }

                return NativeLibraryProblem;
            }

            ResolverDecided = true;
            if (string.IsNullOrWhiteSpace(path) && preference != ExecutionProviderPreference.Cpu)
            {
                path = ChooseCudaBuild();
            }

            AttemptedPath = path;
            if (string.IsNullOrWhiteSpace(path))
            {
                return null;
            }

            if (!NativeLibrary.TryLoad(path, out var handle))
            {
                NativeLibraryProblem = CudaFolder is not null && path.StartsWith(CudaFolder, StringComparison.Ordinal)
                    ? $"the CUDA build of ONNX Runtime '{path}' could not be loaded; using the bundled CPU ONNX Runtime"
                    : $"{NativeLibraryEnvironmentVariable}='{path}' could not be loaded (missing file, wrong architecture or missing CUDA libraries); using the bundled CPU ONNX Runtime";
                return NativeLibraryProblem;
            }

            try
            {
                NativeLibrary.SetDllImportResolver(typeof(InferenceSession).Assembly, (name, _, _) =>
                    name.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase) ? handle : IntPtr.Zero);
                NativeLibraryPath = path;
                return null;
            }
            catch (InvalidOperationException)
            {
                NativeLibraryProblem = "another component already set ONNX Runtime's native library resolver; using its choice";
                return NativeLibraryProblem;
            }
        }
    }

    /// <summary>The CUDA build's libonnxruntime when one is found and its CUDA libraries load; else null, keeping why.</summary>
    private static string? ChooseCudaBuild()
    {
        var folder = CudaRuntimeLocator.FindFolder();
        if (folder is null)
        {
            return null;
        }

        CudaFolder = folder;
        CudaProblem = CudaRuntimeLocator.CheckLoadable(folder);
        return CudaProblem is null ? Path.Combine(folder, CudaRuntimeLocator.RuntimeLibraryFile) : null;
    }

    /// <summary>
    /// One line for doctor and model info: which CUDA build of ONNX Runtime was found and whether it is in use or
    /// what it lacks. Decides the native library (as auto) when nothing has yet.
    /// </summary>
    public static string CudaRuntimeStatus()
    {
        UseNativeLibrary();
        lock (Gate)
        {
            if (CudaFolder is null)
            {
                return $"no CUDA build of ONNX Runtime found (looked in: {string.Join(", ", CudaRuntimeLocator.Candidates().Distinct())}); scripts/fetch-cuda-runtime.sh installs one";
            }

            if (CudaProblem is not null)
            {
                return $"{CudaFolder}: not usable: {CudaProblem}";
            }

            return NativeLibraryPath is not null && NativeLibraryPath.StartsWith(CudaFolder, StringComparison.Ordinal)
                ? $"{CudaFolder}: in use"
                : $"{CudaFolder}: found, not in use ({NativeLibraryProblem ?? "CPU was requested before it was needed"})";
        }
    }

    /// <summary>Execution providers the loaded ONNX Runtime was built with (e.g. CPUExecutionProvider).</summary>
    public static IReadOnlyList<string> AvailableProviders()
    {
        UseNativeLibrary();
        return OrtEnv.Instance().GetAvailableProviders();
    }

    /// <summary>
    /// Configures <paramref name="options"/> for <paramref name="preference"/>. Auto falls back to CPU and logs one
    /// line saying why; Cuda throws <see cref="ExecutionProviderUnavailableException"/> when CUDA cannot be used.
    /// </summary>
    public static ExecutionProviderSelection Apply(SessionOptions options, ExecutionProviderPreference preference, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? nativeProblem;
        lock (Gate)
        {
            nativeProblem = ResolverDecided ? NativeLibraryProblem : null;
        }

        nativeProblem ??= UseNativeLibrary(preference: preference);
        if (preference == ExecutionProviderPreference.Cpu)
        {
            return new ExecutionProviderSelection("CPU", "CPU requested");
        }

        var cudaProblem = TryAppendCuda(options);
        if (cudaProblem is null)
        {
            var chosen = new ExecutionProviderSelection("CUDA", preference == ExecutionProviderPreference.Cuda ? "CUDA requested" : "CUDA available");
            log?.Invoke($"embeddings: using the CUDA execution provider ({NativeLibraryPath ?? "ONNX Runtime"})");
            return chosen;
        }

        string? cudaBuildProblem;
        lock (Gate)
        {
            cudaBuildProblem = CudaProblem;
        }

        // The CUDA build's own problem (e.g. a missing CUDA library) says more than "the CPU build has no CUDA".
        var reason = cudaBuildProblem ?? (nativeProblem is null ? cudaProblem : $"{nativeProblem}; {cudaProblem}");
        if (preference == ExecutionProviderPreference.Cuda)
        {
            throw new ExecutionProviderUnavailableException($"CUDA execution provider requested but unavailable: {reason}");
        }

        log?.Invoke($"embeddings: running on CPU because {reason}");
        return new ExecutionProviderSelection("CPU", reason);
    }

    private static string? TryAppendCuda(SessionOptions options)
    {
        string[] providers;
        try
        {
            providers = OrtEnv.Instance().GetAvailableProviders();
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or TargetInvocationException)
        {
            return $"ONNX Runtime could not list its execution providers ({ex.Message})";
        }

        if (!providers.Contains(CudaProviderName, StringComparer.Ordinal))
        {
            return $"the loaded ONNX Runtime has no CUDA execution provider (it has {string.Join(", ", providers)}) and no CUDA build was found; " +
                   $"run scripts/fetch-cuda-runtime.sh (or set {CudaRuntimeLocator.FolderEnvironmentVariable}, or {NativeLibraryEnvironmentVariable} to a CUDA-enabled libonnxruntime) to use a GPU";
        }

        try
        {
            options.AppendExecutionProvider_CUDA(0);
            return null;
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            return $"the CUDA execution provider failed to start ({ex.Message.Trim()})";
        }
    }
}
