namespace PaperLsp.Features.Citations;

/// <summary>
/// A key slot expected to open at the cursor: <see cref="Insert"/> is the text that opens it (e.g. <c>p{}</c> after
/// <c>\cite</c>) and <see cref="Caret"/> where the cursor then stands, as an offset into <see cref="Insert"/>.
/// </summary>
public sealed record AnticipatedSlot(string Insert, int Caret);
