namespace PaperLsp.Server.Protocol;

/// <summary>Params of textDocument/publishDiagnostics.</summary>
public sealed record PublishDiagnosticsParams(string Uri, int? Version, IReadOnlyList<Diagnostic> Diagnostics);
