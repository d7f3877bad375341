using PaperLsp.Ingestion.Model;

namespace PaperLsp.Fetching;

/// <summary>The papers a response holds (read by the ingestion parsers), or why it is not usable.</summary>
public sealed record InspectedResponse(IReadOnlyList<Paper> Papers, string? Problem);
