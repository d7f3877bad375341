namespace PaperLsp.Server.Protocol;

/// <summary>Severity of a diagnostic.</summary>
public enum DiagnosticSeverity
{
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}
