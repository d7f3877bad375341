namespace PaperLsp.Server.Protocol;

/// <summary>A code action: an edit and/or a command.</summary>
public sealed record CodeAction
{
    public const string QuickFix = "quickfix";
    public const string Refactor = "refactor";

    public required string Title { get; init; }

    public string? Kind { get; init; }

    public IReadOnlyList<Diagnostic>? Diagnostics { get; init; }

    public bool? IsPreferred { get; init; }

    public WorkspaceEdit? Edit { get; init; }

    public LspCommand? Command { get; init; }
}
