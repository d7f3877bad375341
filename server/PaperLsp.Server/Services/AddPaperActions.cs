using PaperLsp.Fetching;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Services;

/// <summary>
/// The code action on an arXiv id or URL (or a Hugging Face paper URL, or a DOI) written in the text: "Add to index and
/// cite: arXiv:…" (paperlsp.addPaper with the place right after the reference), or, when the index has the paper
/// already, "Cite …" (paperlsp.insertCitation: no network). Building the action touches no network.
/// </summary>
internal static class AddPaperActions
{
    public const string AddTitlePrefix = "Add to index and cite: ";

    public static IEnumerable<CodeAction> Compute(OpenDocument document, Protocol.Range range)
    {
        var snapshot = document.Snapshot;
        var (start, end) = snapshot.Lines.ToOffsets(range);
        var found = PaperReference.FindAt(snapshot.Text, start);
        if (found is null && end > start && end - start <= 500 && PaperReference.Parse(snapshot.Text[start..end]) is { } selected)
        {
            found = (start, end, selected);
        }

        if (found is not { } hit)
        {
            yield break;
        }

        // The citation goes right after the reference, outside the \url{…}, <…> or (…) that holds it.
        var after = hit.End < snapshot.Text.Length && snapshot.Text[hit.End] is '}' or '>' or ')' ? hit.End + 1 : hit.End;
        var at = snapshot.Lines.ToPosition(after);
        var known = hit.Reference.Kind == PaperReferenceKind.Doi ? null : document.Papers.Catalog.FindByKey(hit.Reference.Id);
        if (known is not null)
        {
            var title = $"Cite {known.CitationKey} ({Shorten(known.Paper.Title)})";
            yield return new CodeAction
            {
                Title = title,
                Kind = CodeAction.Refactor,
                Command = new LspCommand(title, PaperLspCommands.InsertCitation, [new InsertCitationArguments(snapshot.Uri, at, known.CitationKey)]),
            };
            yield break;
        }

        var addTitle = AddTitlePrefix + hit.Reference.Display;
        yield return new CodeAction
        {
            Title = addTitle,
            Kind = CodeAction.Refactor,
            Command = new LspCommand(addTitle, PaperLspCommands.AddPaper, [new AddPaperArguments([snapshot.Text[hit.Start..hit.End]], snapshot.Uri, at)]),
        };
    }

    private static string Shorten(string title) => title.Length <= 60 ? title : title[..57] + "...";
}
