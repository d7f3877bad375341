using System.Globalization;
using System.Text.Json;

namespace PaperLsp.Fetching;

/// <summary>
/// Raw responses kept on disk (by default in <c>cache/</c> next to the index): one file per resource, written whole
/// (temporary file, then renamed over the old copy) so a crash never leaves half a response; its HTTP validators
/// in a <c>&lt;file&gt;.http</c> file beside it. The cached files are what the indexer reads.
/// </summary>
public sealed class ResponseCache
{
    public ResponseCache(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The cache folder.</summary>
    public string Root { get; }

    /// <summary>The cache of an index: the <c>cache</c> folder beside the index file.</summary>
    public static ResponseCache ForIndex(string indexPath) =>
        new(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(indexPath)) ?? ".", "cache"));

    /// <summary>Where the response for <paramref name="name"/> (made file-safe) of <paramref name="kind"/> lives.</summary>
    public string PathOf(string kind, string name)
    {
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_'));
        return Path.Combine(Root, kind, safe);
    }

    /// <summary>The validators saved with the cached copy at <paramref name="path"/>; none when there is no copy.</summary>
    public static CacheValidators ValidatorsOf(string path)
    {
        try
        {
            if (!File.Exists(path) || !File.Exists(path + ".http"))
            {
                return CacheValidators.None;
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path + ".http"));
            var root = document.RootElement;
            return new CacheValidators(Text(root, "etag"), Text(root, "lastModified"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return CacheValidators.None; // an unconditional request then
        }
    }

    /// <summary>Replaces the cached copy at <paramref name="path"/> with <paramref name="body"/> and its validators.</summary>
    public static void Store(string path, byte[] body, CacheValidators validators, Uri url)
    {
        ArgumentNullException.ThrowIfNull(validators);
        ArgumentNullException.ThrowIfNull(url);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteWhole(path, body);
        var meta = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
        {
            ["url"] = url.ToString(),
            ["etag"] = validators.ETag,
            ["lastModified"] = validators.LastModified,
            ["fetched"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        });
        WriteWhole(path + ".http", meta);
    }

    private static void WriteWhole(string path, byte[] bytes)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
