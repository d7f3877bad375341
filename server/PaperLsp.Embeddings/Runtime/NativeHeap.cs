using System.Runtime.InteropServices;

namespace PaperLsp.Embeddings.Runtime;

/// <summary>
/// Gives memory that native code freed back to the OS. ONNX Runtime allocates with malloc: loading a model parses it
/// into temporary buffers, and a batch of long texts needs large tensors; glibc keeps such freed blocks in its heap for
/// reuse (its threshold for returning large blocks at once grows after the first ones), so they stay in the process's
/// resident set. <c>malloc_trim</c> releases the free pages of every heap. A no-op off glibc (Linux only). Also the
/// advice given to the OS on how mapped files are read.
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

    /// <summary>
    /// Tells the OS that a memory-mapped region is read in random order (<c>madvise(MADV_RANDOM)</c>): a page fault then
    /// maps only that page instead of reading and mapping its neighbours. No-op off Linux; failures are ignored.
    /// </summary>
    internal static unsafe void AdviseRandomAccess(byte* start, nuint length)
    {
        if (!OperatingSystem.IsLinux() || start is null || length == 0)
        {
            return;
        }

        try
        {
            _ = MAdvise(start, length, AdviceRandom);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    private const int AdviceRandom = 1;

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static unsafe partial int MAdvise(byte* start, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
