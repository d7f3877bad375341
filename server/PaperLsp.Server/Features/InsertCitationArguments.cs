using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Features;

/// <summary>Arguments of paperlsp.insertCitation.</summary>
internal sealed record InsertCitationArguments(string Uri, Position Position, string Key);
