using System.Text.Json.Serialization;

namespace PaperLsp.Server.Protocol;

/// <summary>A document and the version the edits were computed on; null version (written as JSON null) = any.</summary>
public sealed record OptionalVersionedTextDocumentIdentifier(
    string Uri,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Version);
