namespace PaperLsp.Server.Protocol;

/// <summary>The value of a work-done $/progress notification; <see cref="Kind"/> is begin, report or end.</summary>
public sealed record WorkDoneProgressValue
{
    public required string Kind { get; init; }

    public string? Title { get; init; }

    public bool? Cancellable { get; init; }

    public string? Message { get; init; }

    public int? Percentage { get; init; }
}
