namespace PaperLsp.Features.Citations;

/// <summary>The citations of one text for one syntax and set of custom macros (the memo of <see cref="CitationScanner.FindAll"/>).</summary>
internal sealed record CitationScanMemo(string Signature, IReadOnlyList<CitationCommand> Commands);
