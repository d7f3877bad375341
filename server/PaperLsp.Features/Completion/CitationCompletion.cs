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
/// lookups, the workspace .bib and the keys already cited, each under its workspace key (<see cref="WorkspaceKeys"/>).
/// Every candidate, .bib entries included, is scored by how well it matches the sentence; being in the .bib or
/// already cited multiplies that match (see <see cref="CompletionWeights"/>); once a key is typed, what was typed
/// (key, title words, author surnames) is blended in.
/// </summary>
public sealed class CitationCompletion
{
    private readonly PaperResolver resolver;
    private readonly HoverCardBuilder cards;

    public CitationCompletion(IPaperCatalog catalog, WorkspaceBibliography bibliography)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bibliography);
        resolver = new PaperResolver(catalog, bibliography);
        cards = new HoverCardBuilder(catalog, bibliography) { RelatedCount = 0 };
    }

    /// <summary>How candidates are ranked (the defaults unless an evaluation tries others).</summary>
    public CompletionWeights Weights { get; init; } = CompletionWeights.Default;

    /// <summary>Completions at the request's cursor; <see cref="CompletionResult.None"/> outside a citation key slot.</summary>
    public CompletionResult Complete(CompletionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.DocumentText ?? "";
        var located = Locate(request);
        if (located is null)
        {
            return CompletionResult.None;
        }

        var (site, context) = located.Value;

        var w = Weights;
        var limit = Math.Clamp(request.Limit, 1, 500);
        var typed = site.Prefix;
        var excluded = new HashSet<string>(site.OtherKeys, StringComparer.Ordinal);

        // Keys cited elsewhere in the document, and those cited in this paragraph (the half-typed key under the cursor
        // is not a citation yet).
        var cited = new HashSet<string>(StringComparer.Ordinal);
        var nearby = new HashSet<string>(StringComparer.Ordinal);
        var thisSentence = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in CitationScanner.FindAll(text, request.Language, request.CustomCiteMacros))
        {
            foreach (var key in command.Keys)
            {
                if (key.Key.Length > 0 && key.Start != site.ReplaceStart)
                {
                    cited.Add(key.Key);
                    if (command.Start >= context.ParagraphStart && command.Start < context.ParagraphEnd)
                    {
                        nearby.Add(key.Key);
                    }

                    if (command.Start >= context.SentenceStart && command.Start < site.Command.Start)
                    {
                        thisSentence.Add(key.Key); // cited earlier in the sentence being written: rarely the next key
                    }
                }
            }
        }

        var catalog = resolver.Catalog;
        var bibliography = resolver.Bibliography;
        var bibIndex = BibIdentityIndex.Of(bibliography.Entries);
        var candidates = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        Candidate Add(string key, Paper paper, WorkspaceBibEntry? entry, StoredPaper? indexPaper)
        {
            if (!candidates.TryGetValue(key, out var candidate))
            {
                candidate = new Candidate(key, paper, entry);
                candidates[key] = candidate;
            }

            candidate.IndexPaper ??= indexPaper;
            return candidate;
        }

        Candidate AddIndexPaper(StoredPaper stored)
        {
            var workspaceKey = WorkspaceKeys.For(stored.CitationKey, stored.Paper, bibIndex, key => catalog.FindByKey(key) is { } other && other.Id != stored.Id);
            if (workspaceKey.BibEntry is { } entry)
            {
                return Add(entry.Key, MergeForDisplay(entry.Paper, stored.Paper), entry, stored);
            }

            var candidate = Add(workspaceKey.Key, stored.Paper, null, stored);
            candidate.IsFreeVariant = workspaceKey.IsFreeVariant;
            return candidate;
        }

        var hits = catalog.Search(new PaperQuery(context.Query, typed, limit + 10), cancellationToken); // a few spare for keys merged into .bib entries or excluded
        for (var rank = 0; rank < hits.Count; rank++)
        {
            var candidate = AddIndexPaper(hits[rank].Paper);
            candidate.CatalogScore = Math.Max(candidate.CatalogScore, 1.0 / (1.0 + (rank / 5.0)));
        }

        if (typed.Length > 0)
        {
            foreach (var stored in catalog.FindByKeyPrefix(typed, limit))
            {
                AddIndexPaper(stored);
            }

            // In a large index the typed ranking holds only a slice of the keys with this prefix: the sentence's own
            // candidates (its ranking is cached while the key is typed) whose key the prefix fits join as well.
            var sentenceHits = SentencePool(context.Query, cancellationToken);
            for (var rank = 0; rank < sentenceHits.Count; rank++)
            {
                var stored = sentenceHits[rank].Paper;
                if (stored.CitationKey.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                {
                    var candidate = AddIndexPaper(stored);
                    candidate.CatalogScore = Math.Max(candidate.CatalogScore, 1.0 / (1.0 + (rank / 5.0)));
                }
            }
        }

        var entries = bibliography.Entries;
        var sameInIndex = catalog.FindSamePapers([.. entries.Select(e => e.Paper)]);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var indexPaper = sameInIndex[i];
            Add(entry.Key, indexPaper is null ? entry.Paper : MergeForDisplay(entry.Paper, indexPaper.Paper), entry, indexPaper);
        }

        foreach (var key in cited)
        {
            if (!candidates.ContainsKey(key) && resolver.Resolve(key) is { } resolved)
            {
                Add(resolved.Key, resolved.Paper, resolved.BibEntry, resolved.CatalogPaper);
            }
        }

        // The papers already listed in this command (and, with ListSentence, those cited earlier in the sentence): their
        // text is a query of its own, and the same paper under another key (a duplicate .bib entry) is not the next one.
        var listed = site.OtherKeys.Concat(w.ListSentence > 0 ? thisSentence : []).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal)
            .Select(k => candidates.GetValueOrDefault(k)).OfType<Candidate>().ToList();
        var listedIds = listed.Select(c => c.IndexPaper?.Id).OfType<long>().ToHashSet();
        if (w.List > 0 && w.ListRelated >= 1)
        {
            foreach (var stored in listed.Select(c => c.IndexPaper).OfType<StoredPaper>().ToList())
            {
                foreach (var neighbour in catalog.Related(stored, (int)w.ListRelated, cancellationToken))
                {
                    AddIndexPaper(neighbour.Paper);
                }
            }
        }

        foreach (var candidate in candidates.Values)
        {
            candidate.SameAsListed = !excluded.Contains(candidate.Key) && candidate.IndexPaper is { } p && listedIds.Contains(p.Id);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var signals = new ContextSignals(
            context.Query,
            context.TextBefore,
            w.Paragraph > 0 ? context.Paragraph : "",
            w.Section > 0 ? DocumentTopic.SectionTitle(text, site.Command.Start, request.Language) : "",
            w.Topic > 0 ? DocumentTopic.TitleAndAbstract(text, request.Language) : "",
            w.List > 0 ? string.Join(' ', listed.Select(ListedText)) : "");
        Score(candidates.Values.ToList(), signals, typed, cited, nearby, thisSentence, excluded, w, cancellationToken);
        var duplicates = DuplicateEntries(candidates.Values, entries, bibIndex, typed, cited, nearby, excluded, w);
        var ranked = candidates.Values
            .Where(c => !excluded.Contains(c.Key) && !duplicates.Contains(c.Key))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(limit)
            .ToList();
        var items = ranked.Select((c, rank) => new CitationCompletionItem(
            c.Key,
            Detail(c),
            typed,
            rank.ToString("D4", CultureInfo.InvariantCulture),
            site.ReplaceStart,
            site.ReplaceEnd,
            c.Key,
            c.IsFreeVariant && c.IndexPaper?.Paper.ArxivId is { Length: > 0 } arxivId ? arxivId : c.Key, // resolves to this paper, not the .bib's
            c.Entry is not null,
            Math.Round(c.Score, 4))).ToList();
        return new CompletionResult(true, items, site);
    }

    /// <summary>
    /// Fills the catalog's caches with what completing a key typed in the request's slot reads beyond what
    /// <see cref="Complete"/> at the slot read (the sentence's candidate pool checked against the typed prefix), so
    /// that the first typed character does not load it. Changes no answer: the caches are keyed by the sentence's query.
    /// Does nothing outside a citation key slot.
    /// </summary>
    public void PrepareTyping(CompletionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Locate(request) is { Context.Query: { } query })
        {
            SentencePool(query, cancellationToken);
        }
    }

    /// <summary>The sentence's own candidates whose keys a typed prefix is checked against (the catalog caches them by the query).</summary>
    private IReadOnlyList<ScoredPaper> SentencePool(string query, CancellationToken cancellationToken) =>
        resolver.Catalog.Search(new PaperQuery(query, "", TypedSentencePool), cancellationToken);

    /// <summary>
    /// The text <see cref="Complete"/> sends to the catalog as the sentence's query at the request's cursor (what the
    /// catalog's caches are keyed by), or null outside a citation key slot.
    /// </summary>
    public static string? QueryAt(CompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Locate(request)?.Context.Query;
    }

    /// <summary>
    /// The sentence's query (as <see cref="QueryAt"/>) and the key prefix typed in the slot at the request's cursor, or
    /// null outside a citation key slot.
    /// </summary>
    public static (string Query, string Typed)? SlotAt(CompletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Locate(request) is { } located ? (located.Context.Query, located.Site.Prefix) : null;
    }

    /// <summary>The key slot under the request's cursor and the writing context of its command, or null outside a slot.</summary>
    private static (CitationSite Site, WritingContext Context)? Locate(CompletionRequest request)
    {
        var text = request.DocumentText ?? "";
        var site = CitationSiteFinder.Find(text, request.Offset, request.Language, request.CustomCiteMacros);
        return site is null ? null : (site, WritingContextExtractor.Extract(text, site.Command.Start, request.Language, request.CustomCiteMacros));
    }

    /// <summary>The sentence match of every candidate, scaled by its workspace prior, then blended with what was typed.</summary>
    private void Score(List<Candidate> candidates, ContextSignals signals, string typed, HashSet<string> cited, HashSet<string> nearby, HashSet<string> thisSentence, HashSet<string> excluded, CompletionWeights w, CancellationToken cancellationToken)
    {
        var documents = candidates.Select(c => (c.Paper.Title, c.IndexPaper?.Paper.Abstract is { Length: > 0 } a ? a : c.Paper.Abstract)).ToList();
        var lexical = SentenceMatch.Lexical(signals.Query, documents);
        var paragraph = signals.Paragraph.Length > 0 ? SentenceMatch.Lexical(signals.Paragraph, documents) : new double[candidates.Count];
        var section = signals.Section.Length > 0 ? SentenceMatch.Lexical(signals.Section, documents) : new double[candidates.Count];
        var years = w.DefinedFirst > 0 ? candidates.Select(c => c.Paper.Year ?? c.IndexPaper?.Paper.Year).ToList() : null;
        var names = SentenceMatch.NameMatches(SentenceMatch.Names(signals.TextBefore, w.FartherName), documents, w.Defined, w.NameTiers > 0, years);
        var ids = candidates.Select(c => c.IndexPaper?.Id).OfType<long>().Distinct().ToList();
        var catalog = resolver.Catalog;
        var meaning = w.Meaning > 0 ? catalog.Similarities(signals.Query, ids, cancellationToken) : new Dictionary<long, double>();
        if (w.Hub > 0 && meaning.Count > 0)
        {
            meaning = Hubness.Penalise(catalog, meaning, w.Hub, cancellationToken);
        }

        var meaningScores = MeaningScores(candidates, meaning);
        var topicScores = w.Topic > 0 && signals.Topic.Length > 0
            ? MeaningScores(candidates, catalog.Similarities(signals.Topic, ids, cancellationToken))
            : new double[candidates.Count];
        var listScores = signals.Listed.Length > 0 ? ListScores(candidates, documents, signals.Listed, excluded, w, cancellationToken) : new double[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var match = (w.Catalog * c.CatalogScore) + (w.Local * lexical[i]) + (w.Meaning * meaningScores[i]) + (w.Name * names[i])
                + (w.Paragraph * paragraph[i]) + (w.Section * section[i]) + (w.Topic * topicScores[i]) + (w.List * listScores[i]);
            var inWorkspace = c.Entry is not null || cited.Contains(c.Key);
            var prior = (1 + (c.Entry is not null ? w.Bib : 0) + (cited.Contains(c.Key) ? w.Cited : 0) + (nearby.Contains(c.Key) ? w.Nearby : 0))
                * (typed.Length == 0 && (thisSentence.Contains(c.Key) || c.SameAsListed) ? 1 - w.Again : 1); // typing its key brings it back
            var sentence = match * prior;
            // Once a key is typed, what was typed decides which candidates stay (a candidate it does not match drops to 0)
            // and the sentence orders those that it matches; of keys the prefix fits equally, the workspace's own (.bib,
            // cited) keep a lead the sentence must overcome even when it matches none of them (a generic sentence).
            c.Score = typed.Length == 0
                ? sentence
                : TypedMatcher.Score(typed, c.Key, c.Paper, w.TypedShort, (int)w.TypedShortLength) * ((w.Typed * (1 + (inWorkspace ? w.TypedWorkspace : 0))) + (w.Sentence * sentence));
        }
    }

    /// <summary>
    /// Two or more .bib entries of one paper (same arXiv id, DOI or title: <see cref="BibIdentityIndex"/>) are one
    /// candidate before anything is typed: the keys returned here are not offered (once a key is typed, only those it fits
    /// less well than the kept one). The key kept is, among the entries not already in the command,
    /// one the typed text fits best (the key typed in full before a longer one it begins), then one cited in this paragraph, then elsewhere in the document, then the first in
    /// the .bib (the entry <see cref="BibIdentityIndex.Find"/> names for the paper). Off with <see cref="CompletionWeights.MergeDuplicates"/> 0.
    /// </summary>
    private static HashSet<string> DuplicateEntries(IEnumerable<Candidate> candidates, IReadOnlyList<WorkspaceBibEntry> entries, BibIdentityIndex bibIndex, string typed, HashSet<string> cited, HashSet<string> nearby, HashSet<string> excluded, CompletionWeights w)
    {
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        if (w.MergeDuplicates <= 0)
        {
            return hidden;
        }

        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            order.TryAdd(entries[i].Key, i);
        }

        var groups = candidates
            .Where(c => c.Entry is not null && !excluded.Contains(c.Key))
            .GroupBy(c => bibIndex.Find(c.Entry!.Paper)?.Key ?? c.Key, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            var kept = group
                .OrderByDescending(c => typed.Length == 0 ? 0 : TypedMatcher.Score(typed, c.Key, c.Paper, w.TypedShort, (int)w.TypedShortLength))
                .ThenByDescending(c => c.Key.Equals(typed, StringComparison.OrdinalIgnoreCase)) // chen2025aware typed in full, not chen2025awarefirstthinkless
                .ThenByDescending(c => nearby.Contains(c.Key))
                .ThenByDescending(c => cited.Contains(c.Key))
                .ThenBy(c => order.GetValueOrDefault(c.Key, int.MaxValue))
                .First();
            kept.AlsoKeys = [.. group.Where(c => c != kept).Select(c => c.Key)];
            // once a key is typed, the other keys it fits as well as the kept one stay offered beside it: the writer picks
            // the key they use without typing the characters that set it apart
            var keptFit = typed.Length == 0 ? 1 : TypedMatcher.Score(typed, kept.Key, kept.Paper, w.TypedShort, (int)w.TypedShortLength);
            hidden.UnionWith(group.Where(c => c != kept && (typed.Length == 0 || TypedMatcher.Score(typed, c.Key, c.Paper, w.TypedShort, (int)w.TypedShortLength) < keptFit)).Select(c => c.Key));
        }

        return hidden;
    }

    /// <summary>
    /// How close each candidate is to the papers already listed in the command: the mean of local BM25 and the model's
    /// similarity (when on) to their text, each rescaled over the candidates that could come next. The listed papers and
    /// their duplicates, their own best matches, are left out of the scale; those still offered (a key cited earlier in
    /// the sentence, a second .bib key of a listed paper) score 1, as like themselves, so that typing their key brings
    /// them back as before (before typing, <see cref="CompletionWeights.Again"/> keeps them down).
    /// </summary>
    private double[] ListScores(List<Candidate> candidates, List<(string Title, string Abstract)> documents, string listed, HashSet<string> excluded, CompletionWeights w, CancellationToken cancellationToken)
    {
        var open = candidates.Select(c => !excluded.Contains(c.Key) && !c.SameAsListed).ToArray();
        var scores = ListMatch(candidates, documents, listed, open, w, cancellationToken);
        for (var i = 0; i < candidates.Count; i++)
        {
            scores[i] = candidates[i].SameAsListed ? 1 : scores[i];
        }

        return scores;
    }

    private double[] ListMatch(List<Candidate> candidates, List<(string Title, string Abstract)> documents, string listed, bool[] open, CompletionWeights w, CancellationToken cancellationToken)
    {
        var lexical = Rescale(SentenceMatch.Lexical(listed, documents), open);
        if (w.Meaning <= 0)
        {
            return lexical;
        }

        var ids = candidates.Where((c, i) => open[i]).Select(c => c.IndexPaper?.Id).OfType<long>().Distinct().ToList();
        var similarities = resolver.Catalog.Similarities(listed, ids, cancellationToken);
        if (similarities.Count < 2)
        {
            return lexical; // no vectors (a lexical index): the words alone
        }

        var meaning = MeaningScores(candidates, similarities);
        return lexical.Select((l, i) => open[i] ? (l + meaning[i]) / 2 : 0).ToArray();
    }

    /// <summary>Scores divided by the best among the open candidates (the others 0).</summary>
    private static double[] Rescale(double[] scores, bool[] open)
    {
        var best = scores.Where((_, i) => open[i]).DefaultIfEmpty(0).Max();
        return scores.Select((s, i) => open[i] && best > 0 ? s / best : 0).ToArray();
    }

    /// <summary>A listed paper as text to match against: its title and the opening of its abstract.</summary>
    private static string ListedText(Candidate c)
    {
        var abstractText = c.IndexPaper?.Paper.Abstract is { Length: > 0 } a ? a : c.Paper.Abstract;
        var words = abstractText.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return c.Paper.Title + ". " + string.Join(' ', words.Take(ListedAbstractWords));
    }

    private const int ListedAbstractWords = 40;

    /// <summary>How many of the sentence's candidates are checked against the typed prefix.</summary>
    private const int TypedSentencePool = 200;

    /// <summary>Cosine similarities rescaled over the candidates that have one: the best 1, the worst 0 (0 without a vector).</summary>
    private static double[] MeaningScores(List<Candidate> candidates, IReadOnlyDictionary<long, double> similarities)
    {
        var scores = new double[candidates.Count];
        if (similarities.Count < 2)
        {
            return scores;
        }

        var max = similarities.Values.Max();
        var min = similarities.Values.Min();
        var span = Math.Max(1e-6, max - min);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].IndexPaper is { } paper && similarities.TryGetValue(paper.Id, out var similarity))
            {
                scores[i] = (similarity - min) / span;
            }
        }

        return scores;
    }

    /// <summary>The texts a candidate is matched against (only those whose weight is on are filled).</summary>
    private sealed record ContextSignals(string Query, string TextBefore, string Paragraph, string Section, string Topic, string Listed);

    /// <summary>The detail line: the paper, and where it stands in the workspace.</summary>
    private static string Detail(Candidate c) =>
        PaperDisplay.Detail(c.Paper)
        + (c.Entry is not null ? $" · in your .bib as {c.Entry.Key}" + (c.AlsoKeys.Count > 0 ? $" (also {string.Join(", ", c.AlsoKeys)})" : "") : c.IsFreeVariant ? $" · not in your .bib (its key {c.IndexPaper?.CitationKey} is another paper there)" : "");

    /// <summary>The documentation of a completion item (the hover card without related papers), or null for an unknown key.</summary>
    public string? Resolve(string key, CancellationToken cancellationToken = default) =>
        cards.BuildMarkdown(key, includeRelated: false, cancellationToken);

    private static Paper MergeForDisplay(Paper bib, Paper catalogPaper) => bib with
    {
        Authors = bib.Authors.Count > 0 ? bib.Authors : catalogPaper.Authors,
        Year = bib.Year ?? catalogPaper.Year,
    };

    private sealed class Candidate(string key, Paper paper, WorkspaceBibEntry? entry)
    {
        public string Key { get; } = key;

        public Paper Paper { get; } = paper;

        public WorkspaceBibEntry? Entry { get; } = entry;

        public StoredPaper? IndexPaper { get; set; }

        /// <summary>True when the index key is used by a .bib entry of another paper (<see cref="Key"/> is a free variant).</summary>
        public bool IsFreeVariant { get; set; }

        public double CatalogScore { get; set; }

        /// <summary>The same index paper as a key already listed in the command (a duplicate .bib entry).</summary>
        public bool SameAsListed { get; set; }

        public double Score { get; set; }

        /// <summary>The keys of other .bib entries of the same paper, not offered beside this one.</summary>
        public IReadOnlyList<string> AlsoKeys { get; set; } = [];
    }
}
