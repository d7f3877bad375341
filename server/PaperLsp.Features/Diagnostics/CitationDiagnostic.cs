namespace PaperLsp.Features.Diagnostics;

/// <summary>A problem with a cited key at [Start, End) and its quick-fix candidates (closest known keys first).</summary>
public sealed record CitationDiagnostic(
    int Start,
    int End,
    string Key,
    string Message,
    DiagnosticSeverity Severity,
    IReadOnlyList<KeySuggestion> Suggestions);
