using System.Runtime.InteropServices;

namespace PaperLsp.Embeddings.Runtime;

/// <summary>
/// Gives memory that native code freed back to the OS. ONNX Runtime allocates with malloc: loading a model parses it
/// into temporary buffers, and a batch of long texts needs large tensors; glibc keeps such freed blocks in its heap for
/// reuse (its threshold for returning large blocks at once grows after the first ones), so they stay in the process's
/// resident set. <c>malloc_trim</c> releases the free pages of every heap. A no-op off glibc (Linux only).
/// </summary>
public static partial class NativeHeap
{
    /// <summary>Releases free native heap pages to the OS; true when it was done (glibc on Linux).</summary>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (e.g. musl has no malloc_trim)
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
