namespace PaperLsp.Fetching;

/// <summary>How a request ended.</summary>
public enum FetchStatus
{
    /// <summary>A 2xx response with its body.</summary>
    Ok,

    /// <summary>304: the copy we already have is current (nothing was downloaded).</summary>
    NotModified,

    /// <summary>The server answered, but not usefully (4xx, or 429/5xx until the tries ran out).</summary>
    Failed,

    /// <summary>No answer at all (connection refused, name not resolved, every try timed out or broke off).</summary>
    Unreachable,
}
