namespace PaperLsp.Server.Protocol;

/// <summary>A resource operation of <see cref="WorkspaceEdit.DocumentChanges"/>: create a file.</summary>
public sealed record CreateFile(string Uri, CreateFileOptions? Options)
{
    public string Kind => "create";
}
