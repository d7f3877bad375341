namespace PaperLsp.Benchmarks;

/// <summary>
/// How a benchmark starts the server given by <c>--server</c>: a <c>paperlsp.dll</c> (a build output) with
/// <c>dotnet exec</c>, anything else (a published <c>paperlsp</c> executable, as the .vsix ships it) directly.
/// </summary>
internal static class ServerLaunch
{
    public static (string FileName, string[] Arguments) Serve(string server) =>
        server.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? ("dotnet", ["exec", server, "serve", "--stdio"])
            : (server, ["serve", "--stdio"]);

    /// <summary>"published executable" or "dotnet exec (build output)", for the benchmark's header.</summary>
    public static string Describe(string server) =>
        server.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet exec (build output, JIT)" : "published executable";
}
