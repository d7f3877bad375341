using System.Text.RegularExpressions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Context;
using PaperLsp.Features.Papers;
using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Features.Text;
using PaperLsp.Storage;

namespace PaperLsp.Features.Actions;

/// <summary>
/// "Cite related paper" code actions: searches the catalog with the selection (or the sentence/paragraph at the
/// cursor) and offers the top papers, each citing the paper at the end of the sentence and, in LaTeX, adding its
/// BibTeX entry to the workspace .bib. All edits are pure insertions.
/// </summary>
public sealed partial class RelatedPaperActions
{
    private const int MaxQueryChars = 1500;
    private const int RelatedListSize = 10;
    private readonly PaperResolver resolver;

    public RelatedPaperActions(IPaperCatalog catalog, WorkspaceBibliography bibliography)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bibliography);
        resolver = new PaperResolver(catalog, bibliography);
    }

    public RelatedPaperActionSet Compute(CodeActionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.DocumentText ?? "";
        var selectionStart = Math.Clamp(Math.Min(request.SelectionStart, request.SelectionEnd), 0, text.Length);
        var selectionEnd = Math.Clamp(Math.Max(request.SelectionStart, request.SelectionEnd), 0, text.Length);
        var context = WritingContextExtractor.Extract(text, selectionEnd, request.Language, request.CustomCiteMacros);
        var query = selectionEnd > selectionStart
            ? WritingContextExtractor.PlainText(text, selectionStart, selectionEnd, request.Language, request.CustomCiteMacros)
            : context.Sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 8 ? context.Sentence : context.Paragraph;
        if (query.Length > MaxQueryChars)
        {
            query = query[..MaxQueryChars];
        }

        if (string.IsNullOrWhiteSpace(query) || (context.Sentence.Length == 0 && selectionEnd == selectionStart))
        {
            return RelatedPaperActionSet.Empty;
        }

        var citations = CitationScanner.FindAll(text, request.Language, request.CustomCiteMacros);
        var citedHere = citations
            .Where(c => c.Start < context.SentenceEnd + 1 && c.End > context.SentenceStart)
            .SelectMany(c => c.Keys).Select(k => k.Key).Where(k => k.Length > 0)
            .ToHashSet(StringComparer.Ordinal);

        var limit = Math.Clamp(request.Limit, 0, 20);
        var hits = resolver.Catalog.Search(new PaperQuery(query, "", Math.Max(RelatedListSize, limit * 3)), cancellationToken);
        var bibIndex = new BibIdentityIndex(resolver.Bibliography.Entries);
        var target = limit > 0 && request.Language == DocumentLanguage.Latex ? ResolveBibTarget(request.DocumentPath, text) : null;

        var actions = new List<CiteRelatedPaperAction>();
        var list = new List<RelatedPaperListItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            var entry = bibIndex.Find(hit.Paper.Paper);
            var key = entry?.Key ?? FreeKey(hit.Paper);
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

            var edits = new List<FileEdit>
            {
                new(request.DocumentPath, [CitationInsertion.CiteAtSentenceEnd(text, request.Language, context.SentenceStart, context.SentenceEnd, key, request.LatexCiteCommand, request.CustomCiteMacros)]),
            };
            var createsBib = false;
            var note = entry is not null ? "already in " + Path.GetFileName(entry.Path) : "";
            if (entry is null && target is not null)
            {
                var bibEntry = BibtexWriter.Format(paper, key);
                var existing = target.Create ? "" : resolver.Bibliography.GetText(target.Path) ?? "";
                edits.Add(new FileEdit(target.Path, [CitationInsertion.AppendBibEntry(existing, bibEntry)], target.Create));
                createsBib = target.Create;
                note = target.Create
                    ? "creates " + Path.GetFileName(target.Path) + (target.ReferencedByDocument ? "" : " (the document has no \\bibliography: add one to use it)")
                    : "adds the BibTeX entry to " + Path.GetFileName(target.Path);
            }

            var year = PaperDisplay.YearText(paper);
            var title = "Cite related: " + PaperDisplay.ShortTitle(paper.Title, 70) + (year.Length > 0 ? $" ({year})" : "");
            if (createsBib)
            {
                title += " + create " + Path.GetFileName(target!.Path);
            }

            actions.Add(new CiteRelatedPaperAction(title, string.Join(" — ", new[] { detail, note }.Where(s => s.Length > 0)), key, hit.Score, edits, createsBib));
        }

        if (list.Count == 0)
        {
            return RelatedPaperActionSet.Empty;
        }

        return new RelatedPaperActionSet(actions, $"Show related papers ({list.Count})", query, list);
    }

    /// <summary>A key for a catalog paper that does not collide with a different .bib entry.</summary>
    private string FreeKey(StoredPaper stored)
    {
        var key = stored.CitationKey;
        if (!resolver.Bibliography.ContainsKeyIgnoringCase(key))
        {
            return key;
        }

        for (var suffix = 'b'; suffix <= 'z'; suffix++)
        {
            var candidate = key + suffix;
            if (!resolver.Bibliography.ContainsKeyIgnoringCase(candidate))
            {
                return candidate;
            }
        }

        return key + "-" + stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private BibTarget ResolveBibTarget(string documentPath, string text)
    {
        var directory = Path.GetDirectoryName(documentPath) ?? "";
        var named = new List<string>();
        foreach (Match match in BibliographyCommand().Matches(text))
        {
            if (LatexCitationScanner.IsInComment(text, match.Index))
            {
                continue;
            }

            foreach (var name in match.Groups["names"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var file = name.EndsWith(".bib", StringComparison.OrdinalIgnoreCase) ? name : name + ".bib";
                named.Add(Path.Combine(directory, file));
            }
        }

        foreach (var path in named)
        {
            var known = FindKnownPath(path);
            if (known is not null)
            {
                return new BibTarget(known, false, true);
            }
        }

        if (resolver.Bibliography.Paths.Count > 0)
        {
            return new BibTarget(resolver.Bibliography.Paths[0], false, named.Count > 0);
        }

        return named.Count > 0 ? new BibTarget(named[0], true, true) : new BibTarget(Path.Combine(directory, "references.bib"), true, false);
    }

    private string? FindKnownPath(string path)
    {
        var normalised = Normalise(path);
        return resolver.Bibliography.Paths.FirstOrDefault(p => string.Equals(Normalise(p), normalised, StringComparison.Ordinal));
    }

    private static string Normalise(string path)
    {
        try
        {
            return Path.GetFullPath(path).Replace('\\', '/');
        }
        catch (ArgumentException)
        {
            return path.Replace('\\', '/');
        }
    }

    [GeneratedRegex(@"\\(?:bibliography|addbibresource)\s*(?:\[[^\]]*\])?\s*\{(?<names>[^{}]*)\}")]
    private static partial Regex BibliographyCommand();

    private sealed record BibTarget(string Path, bool Create, bool ReferencedByDocument);
}
