using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Services;

/// <summary>Arguments of paperlsp.related: a document position, or a text.</summary>
internal sealed record RelatedArguments(string? Uri, Position? Position, string? Text);
