namespace PaperLsp.Features.Diagnostics;

/// <summary>Severity of a citation diagnostic (maps onto LSP severities).</summary>
public enum DiagnosticSeverity
{
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}
