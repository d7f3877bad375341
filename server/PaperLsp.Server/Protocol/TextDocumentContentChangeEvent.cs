namespace PaperLsp.Server.Protocol;

/// <summary>One change: a replaced range (incremental) or, without a range, the whole new text.</summary>
public sealed record TextDocumentContentChangeEvent
{
    public Range? Range { get; init; }

    public required string Text { get; init; }
}
