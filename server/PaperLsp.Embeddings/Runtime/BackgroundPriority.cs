using System.Runtime.InteropServices;

namespace PaperLsp.Embeddings.Runtime;

/// <summary>
/// Lowers the calling thread's CPU priority, for background embedding that must never slow the editor's requests.
/// On Linux the thread's nice value goes to 19 (per thread, and inherited by the threads it creates: an ONNX Runtime
/// session opened on it gets low-priority worker threads too); on Windows the thread priority goes to Lowest.
/// </summary>
public static partial class BackgroundPriority
{
    private const int PrioProcess = 0;
    private const int Lowest = 19;

    /// <summary>Returns a one-line note on what was done (or why not).</summary>
    public static string LowerCurrentThread()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                var tid = GetTid();
                return SetPriority(PrioProcess, (uint)tid, Lowest) == 0
                    ? $"background thread {tid} runs at nice {Lowest}"
                    : $"could not lower the background thread's priority (errno {Marshal.GetLastPInvokeError()})";
            }

            if (OperatingSystem.IsWindows())
            {
                Thread.CurrentThread.Priority = ThreadPriority.Lowest;
                return "background thread runs at the lowest priority";
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException)
        {
            return $"could not lower the background thread's priority ({ex.Message})";
        }

        return "thread priority left as is on this OS";
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, uint who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
