using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Services;

/// <summary>Arguments of paperlsp.insertCitation.</summary>
internal sealed record InsertCitationArguments(string Uri, Position Position, string Key);
