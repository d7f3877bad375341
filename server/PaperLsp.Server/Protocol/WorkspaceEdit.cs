namespace PaperLsp.Server.Protocol;

/// <summary>
/// Edits to several documents: <see cref="Changes"/> keyed by URI, or <see cref="DocumentChanges"/> (text document
/// edits and resource operations such as <see cref="CreateFile"/>, in order) for clients that support them.
/// </summary>
public sealed record WorkspaceEdit(IReadOnlyDictionary<string, IReadOnlyList<TextEdit>>? Changes = null)
{
    /// <summary>TextDocumentEdit and CreateFile objects, applied in order (serialized by their runtime type).</summary>
    public IReadOnlyList<object>? DocumentChanges { get; init; }
}
