namespace PaperLsp.TestSupport;

/// <summary>A request the <see cref="LocalHttpServer"/> received: method, path with query, headers (case-insensitive names).</summary>
public sealed record LocalHttpRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
