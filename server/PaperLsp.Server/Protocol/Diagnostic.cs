namespace PaperLsp.Server.Protocol;

/// <summary>A problem shown in the editor.</summary>
public sealed record Diagnostic
{
    public required Range Range { get; init; }

    public DiagnosticSeverity? Severity { get; init; }

    public string? Code { get; init; }

    public string Source { get; init; } = "paperlsp";

    public required string Message { get; init; }
}
