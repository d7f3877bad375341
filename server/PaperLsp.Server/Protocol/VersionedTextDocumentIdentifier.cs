namespace PaperLsp.Server.Protocol;

/// <summary>Names a text document and the version the client holds.</summary>
public sealed record VersionedTextDocumentIdentifier
{
    public required string Uri { get; init; }

    public int Version { get; init; }
}
