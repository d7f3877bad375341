using System.Collections.Concurrent;
using System.Security.Cryptography;
using PaperLsp.TestSupport;

namespace PaperLsp.Fetching.Tests;

/// <summary>
/// What the local test server serves: real fixture payloads by path and query, with an ETag (or only Last-Modified)
/// honoured on conditional requests, and scripted answers (429, 500, slow, cut short, invalid…) served first.
/// </summary>
internal sealed class FixtureSite
{
    public const string LastModified = "Wed, 01 Jul 2026 10:00:00 GMT";

    private readonly ConcurrentDictionary<string, (byte[] Body, string Type)> resources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<LocalHttpResponse>> scripted = new(StringComparer.Ordinal);

    /// <summary>Send Last-Modified only (no ETag).</summary>
    public bool LastModifiedOnly { get; init; }

    public void Serve(string pathAndQuery, byte[] body, string type = "application/json") => resources[pathAndQuery] = (body, type);

    public void Script(string pathAndQuery, params LocalHttpResponse[] answers)
    {
        var queue = scripted.GetOrAdd(pathAndQuery, _ => new ConcurrentQueue<LocalHttpResponse>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    public static string ETagOf(byte[] body) => "\"" + Convert.ToHexStringLower(SHA256.HashData(body))[..16] + "\"";

    public LocalHttpResponse Handle(LocalHttpRequest request)
    {
        if (scripted.TryGetValue(request.PathAndQuery, out var queue) && queue.TryDequeue(out var answer))
        {
            return answer;
        }

        if (!resources.TryGetValue(request.PathAndQuery, out var resource))
        {
            return LocalHttpResponse.Text(404, "{\"error\":\"not found\"}", "application/json");
        }

        var etag = ETagOf(resource.Body);
        var validators = LastModifiedOnly
            ? new Dictionary<string, string> { ["Last-Modified"] = LastModified }
            : new Dictionary<string, string> { ["ETag"] = etag };
        var unchanged = LastModifiedOnly
            ? request.Header("If-Modified-Since") == LastModified
            : request.Header("If-None-Match") == etag;
        return unchanged
            ? LocalHttpResponse.NotModified(validators)
            : new LocalHttpResponse(200, resource.Body, resource.Type) { Headers = validators };
    }
}
