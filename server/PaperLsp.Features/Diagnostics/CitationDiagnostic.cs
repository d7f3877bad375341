namespace PaperLsp.Features.Diagnostics;

/// <summary>
/// A problem with a cited key at [Start, End), its code (<see cref="DiagnosticCodes"/>) and its replace quick-fix
/// candidates (closest known keys first; unknown keys only).
/// </summary>
public sealed record CitationDiagnostic(
    int Start,
    int End,
    string Key,
    string Message,
    DiagnosticSeverity Severity,
    IReadOnlyList<KeySuggestion> Suggestions,
    string Code = DiagnosticCodes.UnknownKey);
