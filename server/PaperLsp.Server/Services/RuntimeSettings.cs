using System.Globalization;
using System.Runtime;

namespace PaperLsp.Server.Services;

/// <summary>
/// One log line on the runtime settings the server's latency depends on, as the running process has them (from its
/// <c>runtimeconfig.json</c> or the environment): the collector, the size from which objects go to the large object
/// heap, how long idle thread-pool workers spin before they sleep, and whether tiering is profile-guided.
/// </summary>
internal static class RuntimeSettings
{
    /// <summary>The runtime's default spin limit of an idle thread-pool worker (what it uses when none is configured).</summary>
    public const int DefaultSpinLimit = 70;

    public static string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"runtime: {(GCSettings.IsServerGC ? "server" : "workstation")} GC, large objects from {Setting("System.GC.LOHThreshold", "DOTNET_GCLOHThreshold", 85_000)} bytes, " +
        $"thread-pool spin limit {Setting("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", DefaultSpinLimit)}, " +
        $"tiered PGO {(Setting("System.Runtime.TieredPGO", "DOTNET_TieredPGO", 1) == 0 ? "off" : "on")}");

    /// <summary>
    /// A numeric (or boolean: 0 / 1) setting as the runtime has it: the environment variable where one is set and reads as
    /// a number (hexadecimal, as the runtime reads its variables), else the runtime configuration, else <paramref name="fallback"/>.
    /// The one place the server reads a runtime setting.
    /// </summary>
    internal static long Setting(string name, string environment, long fallback)
    {
        if (Environment.GetEnvironmentVariable(environment) is { Length: > 0 } text
            && long.TryParse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        return AppContext.GetData(name) switch
        {
            long l => l,
            int i => i,
            bool b => b ? 1 : 0,
            string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            string s when bool.TryParse(s, out var flag) => flag ? 1 : 0,
            _ => fallback,
        };
    }
}
