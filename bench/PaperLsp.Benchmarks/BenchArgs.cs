namespace PaperLsp.Benchmarks;

/// <summary>Tiny argument helpers for the benchmark commands (<c>--name value</c> pairs and flags).</summary>
internal static class BenchArgs
{
    /// <summary>The value after <paramref name="name"/>, or null when absent.</summary>
    public static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Every value given after repeated <paramref name="name"/> options.</summary>
    public static IReadOnlyList<string> Values(string[] args, string name)
    {
        var values = new List<string>();
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                values.Add(args[i + 1]);
            }
        }

        return values;
    }

    public static bool Flag(string[] args, string name) => args.Contains(name);
}
