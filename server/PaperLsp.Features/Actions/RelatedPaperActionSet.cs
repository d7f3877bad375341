namespace PaperLsp.Features.Actions;

/// <summary>
/// The actions for a selection/cursor: one cite action per top paper, and the "Show related papers" command with
/// the whole list (<see cref="Query"/> is the text that was searched). Empty when nothing relevant was found.
/// </summary>
public sealed record RelatedPaperActionSet(
    IReadOnlyList<CiteRelatedPaperAction> CiteActions,
    string ShowRelatedTitle,
    string Query,
    IReadOnlyList<RelatedPaperListItem> RelatedPapers)
{
    public static RelatedPaperActionSet Empty { get; } = new([], "", "", []);
}
