using System.Globalization;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Context;
using PaperLsp.Features.Hover;
using PaperLsp.Features.Papers;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Completion;

/// <summary>
/// Citation key completion. Candidates come from the catalog's hybrid search over the writing context, key-prefix
/// lookups, the workspace .bib and the keys already cited; they are ranked by a blend of what was typed (key,
/// title words, author surnames), the meaning of the sentence, and boosts for .bib and already-cited keys.
/// </summary>
public sealed class CitationCompletion
{
    private const double TypedWeight = 1.2;
    private const double SemanticWeight = 0.6;
    private const double BibBoost = 0.15;
    private const double CitedBoost = 0.2;

    private readonly PaperResolver resolver;
    private readonly HoverCardBuilder cards;

    public CitationCompletion(IPaperCatalog catalog, WorkspaceBibliography bibliography)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bibliography);
        resolver = new PaperResolver(catalog, bibliography);
        cards = new HoverCardBuilder(catalog, bibliography) { RelatedCount = 0 };
    }

    /// <summary>Completions at the request's cursor; <see cref="CompletionResult.None"/> outside a citation key slot.</summary>
    public CompletionResult Complete(CompletionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.DocumentText ?? "";
        var site = CitationSiteFinder.Find(text, request.Offset, request.Language, request.CustomCiteMacros);
        if (site is null)
        {
            return CompletionResult.None;
        }

        var limit = Math.Clamp(request.Limit, 1, 500);
        var typed = site.Prefix;
        var context = WritingContextExtractor.Extract(text, site.Command.Start, request.Language, request.CustomCiteMacros);
        var contextWords = ContextOverlap.ContentWords(context.Query);
        var excluded = new HashSet<string>(site.OtherKeys, StringComparer.Ordinal);
        // Keys cited elsewhere in the document (the half-typed key under the cursor is not a citation yet: leaving it out
        // also keeps the retrieval query, and so its cache entry, the same on every keystroke).
        var cited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in CitationScanner.FindAll(text, request.Language, request.CustomCiteMacros))
        {
            foreach (var key in command.Keys)
            {
                if (key.Key.Length > 0 && key.Start != site.ReplaceStart)
                {
                    cited.Add(key.Key);
                }
            }
        }

        var bibliography = resolver.Bibliography;
        var bibIndex = new BibIdentityIndex(bibliography.Entries);
        var boostKeys = new HashSet<string>(bibliography.Keys, StringComparer.Ordinal);
        boostKeys.UnionWith(cited);

        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        Candidate Add(string key, Paper paper, bool inBibliography)
        {
            if (!candidates.TryGetValue(key, out var candidate))
            {
                candidate = new Candidate(key, paper, inBibliography);
                candidates[key] = candidate;
            }

            return candidate;
        }

        var hits = resolver.Catalog.Search(new PaperQuery(context.Query, typed, limit + 10, boostKeys), cancellationToken); // a few spare for keys merged into .bib entries or excluded
        for (var rank = 0; rank < hits.Count; rank++)
        {
            var stored = hits[rank].Paper;
            var entry = bibliography.Find(stored.CitationKey) ?? bibIndex.Find(stored.Paper);
            var candidate = entry is null ? Add(stored.CitationKey, stored.Paper, false) : Add(entry.Key, MergeForDisplay(entry.Paper, stored.Paper), true);
            candidate.Semantic = Math.Max(candidate.Semantic, 1.0 / (1.0 + (rank / 5.0)));
        }

        if (typed.Length > 0)
        {
            foreach (var stored in resolver.Catalog.FindByKeyPrefix(typed, limit))
            {
                var entry = bibliography.Find(stored.CitationKey) ?? bibIndex.Find(stored.Paper);
                _ = entry is null ? Add(stored.CitationKey, stored.Paper, false) : Add(entry.Key, entry.Paper, true);
            }
        }

        foreach (var entry in bibliography.Entries)
        {
            var candidate = Add(entry.Key, entry.Paper, true);
            candidate.Semantic = Math.Max(candidate.Semantic, 0.8 * ContextOverlap.Score(contextWords, entry.Paper.Title));
        }

        foreach (var key in cited)
        {
            if (!candidates.ContainsKey(key) && resolver.Resolve(key) is { } resolved)
            {
                Add(resolved.Key, resolved.Paper, resolved.BibEntry is not null);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var candidate in candidates.Values)
        {
            var typedScore = TypedMatcher.Score(typed, candidate.Key, candidate.Paper);
            var boosts = (candidate.InBibliography ? BibBoost : 0) + (cited.Contains(candidate.Key) ? CitedBoost : 0);
            candidate.Score = typed.Length == 0
                ? candidate.Semantic + boosts
                : (TypedWeight * typedScore) + (SemanticWeight * candidate.Semantic) + boosts;
        }

        var ranked = candidates.Values
            .Where(c => !excluded.Contains(c.Key))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        var items = ranked.Select((c, rank) => new CitationCompletionItem(
            c.Key,
            PaperDisplay.Detail(c.Paper),
            typed,
            rank.ToString("D4", CultureInfo.InvariantCulture),
            site.ReplaceStart,
            site.ReplaceEnd,
            c.Key,
            c.Key,
            c.InBibliography,
            Math.Round(c.Score, 4))).ToList();
        return new CompletionResult(true, items, site);
    }

    /// <summary>The documentation of a completion item (the hover card without related papers), or null for an unknown key.</summary>
    public string? Resolve(string key, CancellationToken cancellationToken = default) =>
        cards.BuildMarkdown(key, includeRelated: false, cancellationToken);

    private static Paper MergeForDisplay(Paper bib, Paper catalogPaper) => bib with
    {
        Authors = bib.Authors.Count > 0 ? bib.Authors : catalogPaper.Authors,
        Year = bib.Year ?? catalogPaper.Year,
    };

    private sealed class Candidate(string key, Paper paper, bool inBibliography)
    {
        public string Key { get; } = key;

        public Paper Paper { get; } = paper;

        public bool InBibliography { get; } = inBibliography;

        public double Semantic { get; set; }

        public double Score { get; set; }
    }
}
