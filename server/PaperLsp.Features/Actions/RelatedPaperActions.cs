using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Context;
using PaperLsp.Features.Editing;
using PaperLsp.Features.Papers;

namespace PaperLsp.Features.Actions;

/// <summary>
/// "Cite related paper" code actions: searches the catalog with the selection (or the sentence/paragraph at the
/// cursor) and offers the top papers, each citing the paper at the end of the sentence and, in LaTeX, adding its
/// BibTeX entry to the workspace .bib. All edits are pure insertions.
/// </summary>
public sealed class RelatedPaperActions
{
    private const int MaxQueryChars = 1500;
    private const int RelatedListSize = 10;
    private readonly PaperResolver resolver;
    private readonly CitationEditPolicy? policy;

    /// <param name="policy">The citation edit policy (which .bib, macro and key); null: one built from the request's cite command.</param>
    public RelatedPaperActions(IPaperCatalog catalog, WorkspaceBibliography bibliography, CitationEditPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bibliography);
        resolver = new PaperResolver(catalog, bibliography);
        this.policy = policy;
    }

    public RelatedPaperActionSet Compute(CodeActionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.DocumentText ?? "";
        var selectionStart = OutsidePair(text, Math.Clamp(Math.Min(request.SelectionStart, request.SelectionEnd), 0, text.Length));
        var selectionEnd = OutsidePair(text, Math.Clamp(Math.Max(request.SelectionStart, request.SelectionEnd), 0, text.Length));
        var context = WritingContextExtractor.Extract(text, selectionEnd, request.Language, request.CustomCiteMacros);
        var query = selectionEnd > selectionStart
            ? WritingContextExtractor.PlainText(text, selectionStart, selectionEnd, request.Language, request.CustomCiteMacros)
            : context.RelatedQuery;
        if (query.Length > MaxQueryChars)
        {
            query = query[..MaxQueryChars];
        }

        if (string.IsNullOrWhiteSpace(query) || (context.Sentence.Length == 0 && selectionEnd == selectionStart))
        {
            return RelatedPaperActionSet.Empty;
        }

        var citations = CitationScanner.FindAround(text, request.Language, request.CustomCiteMacros, Math.Max(0, context.SentenceStart - 1), Math.Min(text.Length, context.SentenceEnd + 1));
        var citedHere = citations
            .Where(c => c.Start < context.SentenceEnd + 1 && c.End > context.SentenceStart)
            .SelectMany(c => c.Keys).Select(k => k.Key).Where(k => k.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

        var limit = Math.Clamp(request.Limit, 0, 20);
        var hits = resolver.Catalog.Search(new PaperQuery(query, "", Math.Max(RelatedListSize, limit * 3)), cancellationToken);
        var bibIndex = BibIdentityIndex.Of(resolver.Bibliography.Entries);
        var policy = this.policy ?? new CitationEditPolicy(resolver.Catalog, resolver.Bibliography, new CitationEditOptions(request.LatexCiteCommand, null, request.CustomCiteMacros));
        var document = new EditedDocument(request.DocumentPath, text, request.Language);
        var target = policy.ChooseBib(document);

        var actions = new List<CiteRelatedPaperAction>();
        var list = new List<RelatedPaperListItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            var entry = bibIndex.Find(hit.Paper.Paper);
            var key = policy.KeyFor(hit.Paper, target);
            if (citedHere.Contains(key) || !seen.Add(key))
            {
                continue;
            }

            var paper = hit.Paper.Paper;
            var detail = PaperDisplay.Detail(paper);
            if (list.Count < RelatedListSize)
            {
                list.Add(new RelatedPaperListItem(key, paper.Title, detail, paper.ArxivId, hit.Score, entry is not null));
            }

            if (actions.Count >= limit)
            {
                continue;
            }

            var plan = policy.CiteAtSentenceEnd(document, context.SentenceStart, context.SentenceEnd, hit.Paper);
            var note = entry is not null ? "already in " + Path.GetFileName(entry.Path) : "";
            if (plan.Target is { } bib)
            {
                var addsCommand = plan.Edits.Any(e => e.Path == document.Path && e.Edits.Count > 1);
                var usage = addsCommand ? " and adds it to the document's bibliography"
                    : bib.ReferencedByDocument || request.Language != Text.DocumentLanguage.Latex ? ""
                    : " (the document has no \\bibliography: add one to use it)";
                note = (bib.Create ? "creates " + Path.GetFileName(bib.Path) : "adds the BibTeX entry to " + Path.GetFileName(bib.Path)) + usage;
            }

            var year = PaperDisplay.YearText(paper);
            var title = "Cite related: " + PaperDisplay.ShortTitle(paper.Title, 70) + (year.Length > 0 ? $" ({year})" : "");
            if (plan.CreatesBibFile)
            {
                title += " + create " + Path.GetFileName(plan.Target!.Path);
            }

            actions.Add(new CiteRelatedPaperAction(title, string.Join(" — ", new[] { detail, note }.Where(s => s.Length > 0)), plan.Key, hit.Score, plan.Edits, plan.CreatesBibFile, plan.Target?.Path, hit.Paper));
        }

        if (list.Count == 0)
        {
            return RelatedPaperActionSet.Empty;
        }

        return new RelatedPaperActionSet(actions, $"Show related papers ({list.Count})", query, list);
    }

    /// <summary>
    /// An offset between the two halves of a surrogate pair (a client's position inside an emoji) moved past the pair,
    /// so that an insertion there never splits a character.
    /// </summary>
    private static int OutsidePair(string text, int offset) =>
        offset > 0 && offset < text.Length && char.IsLowSurrogate(text[offset]) && char.IsHighSurrogate(text[offset - 1]) ? offset + 1 : offset;
}
