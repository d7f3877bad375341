namespace PaperLsp.Features.Citations;

/// <summary>
/// The citation key slot the cursor is in. <see cref="ReplaceStart"/>/<see cref="ReplaceEnd"/> cover exactly the
/// current key (what a completion replaces); <see cref="Prefix"/> is the part of it before the cursor;
/// <see cref="OtherKeys"/> are the other keys of the same command.
/// </summary>
public sealed record CitationSite(
    CitationSyntax Syntax,
    string CommandName,
    int ReplaceStart,
    int ReplaceEnd,
    string Prefix,
    string CurrentKey,
    IReadOnlyList<string> OtherKeys,
    CitationCommand Command);
