namespace PaperLsp.Server.Protocol;

/// <summary>Edits to one document inside <see cref="WorkspaceEdit.DocumentChanges"/>.</summary>
public sealed record TextDocumentEdit(OptionalVersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextEdit> Edits);
