using PaperLsp.Features.Citations;

namespace PaperLsp.Features.Completion;

/// <summary>Completion items best first; <see cref="IsIncomplete"/> asks the client to re-query as the user types. <see cref="Site"/> is null outside citations.</summary>
public sealed record CompletionResult(bool IsIncomplete, IReadOnlyList<CitationCompletionItem> Items, CitationSite? Site)
{
    /// <summary>No completion here.</summary>
    public static CompletionResult None { get; } = new(false, [], null);
}
