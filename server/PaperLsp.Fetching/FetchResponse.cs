namespace PaperLsp.Fetching;

/// <summary>The outcome of one polite GET: the body (for <see cref="FetchStatus.Ok"/>), the validators to send next time, or why it failed.</summary>
public sealed record FetchResponse(FetchStatus Status, byte[] Body, CacheValidators Validators, string? Error, int Attempts)
{
    /// <summary>A failure without a body.</summary>
    public static FetchResponse Failure(FetchStatus status, string error, int attempts) => new(status, [], CacheValidators.None, error, attempts);
}
