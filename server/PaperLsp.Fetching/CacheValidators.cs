namespace PaperLsp.Fetching;

/// <summary>The HTTP validators of a cached response, sent back as If-None-Match / If-Modified-Since.</summary>
public sealed record CacheValidators(string? ETag, string? LastModified)
{
    /// <summary>No validators (an unconditional request).</summary>
    public static CacheValidators None { get; } = new(null, null);

    /// <summary>Whether there is anything to send.</summary>
    public bool Any => ETag is not null || LastModified is not null;
}
