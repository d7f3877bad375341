using System.Text.Json;

namespace PaperLsp.Server.Protocol;

/// <summary>One completion item (the fields PaperLsp uses).</summary>
public sealed record CompletionItem
{
    /// <summary>CompletionItemKind.Reference.</summary>
    public const int ReferenceKind = 18;

    public required string Label { get; init; }

    public int? Kind { get; init; }

    public string? Detail { get; init; }

    public MarkupContent? Documentation { get; init; }

    public string? FilterText { get; init; }

    public string? SortText { get; init; }

    public TextEdit? TextEdit { get; init; }

    public JsonElement? Data { get; init; }

    /// <summary>Run by the client after inserting the item (here: adding an index paper's BibTeX entry).</summary>
    public LspCommand? Command { get; init; }
}
