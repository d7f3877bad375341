namespace PaperLsp.Features.Citations;

/// <summary>
/// One citation construct found in a document: its syntax, the command name (<c>citep</c>, <c>cites</c>,
/// <c>[@</c>, <c>@</c>, <c>#cite</c>), its char range [Start, End) and its key slots in order.
/// <see cref="IsClosed"/> is false for a construct still being typed (no closing brace/bracket).
/// </summary>
public sealed record CitationCommand(
    CitationSyntax Syntax,
    string CommandName,
    int Start,
    int End,
    IReadOnlyList<CitationKeySpan> Keys,
    bool IsClosed);
