using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Services;

/// <summary>Arguments of paperlsp.addPaper as the "Add to index and cite" code action sends them.</summary>
internal sealed record AddPaperArguments(IReadOnlyList<string> Papers, string? Uri, Position? Position);
