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
        var nearbyByDistance = new List<(string Key, int Distance)>();
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
                        nearbyByDistance.Add((key.Key, Math.Abs(key.Start - site.ReplaceStart)));
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

        // Keys the document cites that neither the .bib nor the index knows, resolved by their shape to the index paper
        // they stand for (WriterKeyResolver): that paper is offered under the writer's key, and counts as cited.
        var writerKeys = WriterKeys(cited);
        Candidate AddIndexPaper(StoredPaper stored)
        {
            var workspaceKey = WorkspaceKeys.For(stored.CitationKey, stored.Paper, bibIndex, key => catalog.FindByKey(key) is { } other && other.Id != stored.Id);
            if (workspaceKey.BibEntry is { } entry)
            {
                return Add(entry.Key, MergeForDisplay(entry.Paper, stored.Paper), entry, stored);
            }

            if (writerKeys.TryGetValue(stored.Id, out var writerKey))
            {
                var writerCandidate = Add(writerKey.Key, stored.Paper, null, stored);
                writerCandidate.WriterKey = true;
                return writerCandidate;
            }

            var candidate = Add(workspaceKey.Key, stored.Paper, null, stored);
            candidate.IsFreeVariant = workspaceKey.IsFreeVariant;
            return candidate;
        }

        // The sentence's own ranking (cached while the key is typed) gives every candidate its catalog score, before and
        // after typing alike: the typed text filters and weighs (TypedRanking) but does not re-rank what the sentence says.
        var sentenceHits = SentencePool(context.Query, typed.Length > 0, limit, cancellationToken);
        var sentenceRank = new Dictionary<long, int>();
        for (var rank = 0; rank < sentenceHits.Count; rank++)
        {
            sentenceRank.TryAdd(sentenceHits[rank].Paper.Id, rank);
            if (typed.Length == 0)
            {
                var candidate = AddIndexPaper(sentenceHits[rank].Paper);
                candidate.CatalogScore = Math.Max(candidate.CatalogScore, 1.0 / (1.0 + (rank / 5.0)));
            }
        }

        if (w.Wider >= 1 && WiderQuery(text, context, site, request, (int)w.WiderWords) is { } wider)
        {
            var widerHits = catalog.Search(new PaperQuery(wider, "", (int)w.Wider), cancellationToken);
            for (var rank = 0; rank < widerHits.Count; rank++)
            {
                var candidate = AddIndexPaper(widerHits[rank].Paper);
                candidate.CatalogScore = Math.Max(candidate.CatalogScore, w.WiderScore / (1.0 + (rank / 5.0)));
            }
        }

        if (w.CitedRelated >= 1)
        {
            var sources = nearbyByDistance.OrderBy(k => k.Distance).Select(k => k.Key).Distinct(StringComparer.Ordinal).Take((int)w.CitedRelatedKeys);
            foreach (var source in sources.Select(key => CitedPaper(key, context.Paragraph)).OfType<StoredPaper>().ToList())
            {
                var neighbours = catalog.Related(source, (int)w.CitedRelated, cancellationToken);
                for (var rank = 0; rank < neighbours.Count; rank++)
                {
                    var candidate = AddIndexPaper(neighbours[rank].Paper);
                    candidate.CatalogScore = Math.Max(candidate.CatalogScore, w.CitedRelatedScore / (1.0 + (rank / 5.0)));
                }
            }
        }

        if (typed.Length > 0)
        {
            // Papers the typed text finds (keys with the prefix, title words, surnames) join as candidates; in a large index
            // the typed ranking holds only a slice of the keys with this prefix, so the sentence's own candidates whose key
            // the prefix fits join as well.
            var typedHits = catalog.Search(new PaperQuery(context.Query, typed, limit + 10), cancellationToken);
            for (var rank = 0; rank < typedHits.Count; rank++)
            {
                var candidate = AddIndexPaper(typedHits[rank].Paper);
                var workspace = candidate.Entry is not null || cited.Contains(candidate.Key);
                var weight = w.TypedCatalog > 0 ? w.TypedCatalog : workspace ? 0 : w.TypedIndex;
                if (weight > 0)
                {
                    // the typed search's rank (the previous rule for all; with TypedIndex, for papers outside the workspace)
                    candidate.CatalogScore = Math.Max(candidate.CatalogScore, weight / (1.0 + (rank / 5.0)));
                }
            }

            foreach (var stored in catalog.FindByKeyPrefix(typed, TypedKeyPrefix.Depth(typed, Math.Min(limit, KeyPrefixDepth))))
            {
                AddIndexPaper(stored);
            }

            for (var rank = 0; rank < sentenceHits.Count; rank++)
            {
                if (sentenceHits[rank].Paper.CitationKey.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                {
                    AddIndexPaper(sentenceHits[rank].Paper);
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

        foreach (var (_, paper) in writerKeys.Values)
        {
            AddIndexPaper(paper);
        }

        if (w.Origins >= 1)
        {
            foreach (var (origin, rank) in NameOrigins(context.TextBefore, (int)w.Origins))
            {
                // once typed, a new candidate must fit the typed key as the sentence's own do; one already offered (a .bib
                // entry under its own key, a typed hit) keeps the bonus it had before typing
                if (typed.Length == 0 || origin.CitationKey.StartsWith(typed, StringComparison.OrdinalIgnoreCase)
                    || candidates.Values.Any(c => c.IndexPaper?.Id == origin.Id))
                {
                    var candidate = AddIndexPaper(origin);
                    candidate.CatalogScore = Math.Max(candidate.CatalogScore, w.OriginScore / (1.0 + (rank / 5.0)));
                    candidate.Origin = Math.Max(candidate.Origin, 1.0 / (1.0 + rank));
                }
            }
        }

        if (typed.Length > 0 && w.TypedCatalog <= 0)
        {
            // Once typed, the catalog score is the sentence's rank among the candidates whose key the typed text starts
            // (the others keep their rank among all): the sentence's order of those keys is the order before typing.
            var fitting = 0;
            foreach (var (candidate, rank) in candidates.Values
                .Select(c => (Candidate: c, Rank: c.IndexPaper is { } p && sentenceRank.TryGetValue(p.Id, out var r) ? r : -1))
                .Where(x => x.Rank >= 0)
                .OrderBy(x => x.Rank))
            {
                var position = candidate.Key.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ? fitting++ : rank;
                candidate.CatalogScore = Math.Max(candidate.CatalogScore, 1.0 / (1.0 + (position / 5.0)));
            }
        }
        else if (typed.Length > 0)
        {
            // the previous rule: the sentence's rank for the index keys the typed text starts
            foreach (var candidate in candidates.Values)
            {
                if (candidate.IndexPaper is { } paper && sentenceRank.TryGetValue(paper.Id, out var rank) && paper.CitationKey.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                {
                    candidate.CatalogScore = Math.Max(candidate.CatalogScore, 1.0 / (1.0 + (rank / 5.0)));
                }
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
        // Once something is typed, a candidate it does not fit at all (not the key, a title word or a surname) is not
        // offered: the items carry what was typed as their filter text, so an editor would show such a key as a match.
        var ranked = candidates.Values
            .Where(c => !excluded.Contains(c.Key) && !duplicates.Contains(c.Key) && (typed.Length == 0 || c.Fit > 0))
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
            SentencePool(query, typed: true, Math.Clamp(request.Limit, 1, 500), cancellationToken);
        }
    }

    /// <summary>
    /// The sentence's own ranking: its candidates before typing, and once a key is typed the pool whose keys the prefix
    /// is checked against (the catalog caches it by the query). Without a .bib the catalog alone must hold the cited
    /// paper, so its deeper hits join for completion's own scoring to reorder; with one, a few spare for keys merged into
    /// .bib entries or excluded. The one rule for this depth, used by <see cref="Complete"/> and <see cref="PrepareTyping"/>.
    /// </summary>
    private IReadOnlyList<ScoredPaper> SentencePool(string query, bool typed, int limit, CancellationToken cancellationToken)
    {
        var depth = resolver.Bibliography.Entries.Count == 0 ? Math.Max(limit + 10, (int)Weights.Pool) : limit + 10;
        return resolver.Catalog.Search(new PaperQuery(query, "", typed ? Math.Max(depth, TypedSentencePool) : depth), cancellationToken);
    }

    /// <summary>
    /// The papers that introduced the names written just before the citation (one-word names within its last three words:
    /// GRPO, LocAgent, SWE-bench), at most <paramref name="perName"/> per name with their rank among that name's: of the
    /// papers mentioning the name, oldest first, those <see cref="SentenceMatch.IntroducedBy"/> accepts. Recall only: how
    /// they rank is the name match's and the sentence's business.
    /// </summary>
    private List<(StoredPaper Paper, int Rank)> NameOrigins(string textBefore, int perName)
    {
        var origins = new List<(StoredPaper, int)>();
        var written = new Dictionary<string, WrittenName>(StringComparer.Ordinal);
        var names = SentenceMatch.Names(textBefore, 0, written).Where(n => n.Value >= 1 && !n.Key.Contains(' ', StringComparison.Ordinal)).Select(n => n.Key).Take(MaxOriginNames);
        foreach (var name in names)
        {
            var rank = 0;
            foreach (var paper in resolver.Catalog.EarliestMentioning(name, OriginDepth))
            {
                if (SentenceMatch.IntroducedBy(paper.Paper.Title, paper.Paper.Abstract, name, written.GetValueOrDefault(name)))
                {
                    origins.Add((paper, rank++));
                    if (rank >= perName)
                    {
                        break;
                    }
                }
            }
        }

        return origins;
    }

    /// <summary>
    /// How many keys with the typed prefix (in key order) join the candidates beside the typed search's own: the ones that
    /// let a key typed nearly in full be found when neither the sentence nor the typed search has its paper. Each is a
    /// paper read and counted afresh at every keystroke, mostly of no relevance to the sentence. 20 instead of 50: on the
    /// 237k index a typing completion allocates 615 instead of 697 KiB at the median (the features benchmark), and the
    /// typing replay keeps its hit@1 and hit@10 (keystrokes 1.38 → 1.37 with the .bib, 4.63 → 4.64 without). A single
    /// character takes fewer (<see cref="TypedKeyPrefix"/>).
    /// </summary>
    private const int KeyPrefixDepth = 20;

    /// <summary>How many names before a citation are looked up by <see cref="NameOrigins"/>.</summary>
    private const int MaxOriginNames = 3;

    /// <summary>How many of the oldest papers mentioning a name <see cref="NameOrigins"/> reads.</summary>
    private const int OriginDepth = 64;

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
    /// The paragraph's plain text before the citation (its last <paramref name="words"/> words), or null when it adds
    /// nothing to the sentence's own query.
    /// </summary>
    private static string? WiderQuery(string text, WritingContext context, CitationSite site, CompletionRequest request, int words)
    {
        var before = WritingContextExtractor.PlainText(text, context.ParagraphStart, site.Command.Start, request.Language, request.CustomCiteMacros);
        var tail = before.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).TakeLast(Math.Max(1, words));
        var query = string.Join(' ', tail);
        return query.Length <= context.Query.Length + 20 ? null : query;
    }

    /// <summary>
    /// The index paper a cited key stands for, for recall only: by identity through its .bib entry, else (no entry) the
    /// index paper with that key when the citing text also names it (<see cref="CitedPaperEvidence"/>); null otherwise.
    /// </summary>
    private StoredPaper? CitedPaper(string key, string citingText)
    {
        var resolved = resolver.Resolve(key);
        if (resolved?.CatalogPaper is not { } paper)
        {
            return resolved is null ? CitedByWriter(key) : null;
        }

        return resolved.BibEntry is not null || CitedPaperEvidence.Supports(key, paper.Paper, citingText) ? paper : null;
    }

    /// <summary>
    /// The index paper of each cited key that neither the .bib nor the index knows, where its shape resolves it
    /// (<see cref="WriterKeyResolver"/>): paper id → the writer's key (the first key cited for a paper wins).
    /// </summary>
    private Dictionary<long, (string Key, StoredPaper Paper)> WriterKeys(IEnumerable<string> cited)
    {
        var byPaper = new Dictionary<long, (string Key, StoredPaper Paper)>();
        if (Weights.WriterKeys <= 0)
        {
            return byPaper;
        }

        foreach (var key in cited.Order(StringComparer.Ordinal))
        {
            if (CitedByWriter(key) is { } paper)
            {
                byPaper.TryAdd(paper.Id, (key, paper));
            }
        }

        return byPaper;
    }

    /// <summary>The index paper a cited key unknown to the .bib and the index stands for by its shape, or null.</summary>
    private StoredPaper? CitedByWriter(string key) => Weights.WriterKeys > 0 ? resolver.ByKeyShape(key) : null;

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
        var written = new Dictionary<string, WrittenName>(StringComparer.Ordinal);
        var names = SentenceMatch.NameMatches(SentenceMatch.Names(signals.TextBefore, w.FartherName, written), documents, w.Defined, w.NameTiers > 0, years, written);
        var ids = candidates.Select(c => c.IndexPaper?.Id).OfType<long>().Distinct().ToList();
        var catalog = resolver.Catalog;
        var meaning = w.Meaning > 0 ? catalog.Similarities(signals.Query, ids, cancellationToken) : new Dictionary<long, double>();
        if (w.Hub > 0 && meaning.Count > 0)
        {
            meaning = Hubness.Penalise(catalog, meaning, w.Hub, cancellationToken);
        }

        var meaningScores = MeaningScores(candidates, meaning, w.Meaning > 0 && w.BibMeaning > 0 ? EntrySimilarities(candidates, signals.Query, cancellationToken) : null, w.BibMeaning);
        var topicScores = w.Topic > 0 && signals.Topic.Length > 0
            ? MeaningScores(candidates, catalog.Similarities(signals.Topic, ids, cancellationToken))
            : new double[candidates.Count];
        var listScores = signals.Listed.Length > 0 ? ListScores(candidates, documents, signals.Listed, excluded, w, cancellationToken) : new double[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            var match = (w.Catalog * c.CatalogScore) + (w.Local * lexical[i]) + (w.Meaning * meaningScores[i]) + (w.Name * names[i]) + (w.OriginName * c.Origin)
                + (w.Paragraph * paragraph[i]) + (w.Section * section[i]) + (w.Topic * topicScores[i]) + (w.List * listScores[i]);
            var inWorkspace = c.Entry is not null || cited.Contains(c.Key);
            var prior = 1 + (c.Entry is not null ? w.Bib : 0) + (c.WriterKey ? w.WriterKey : 0) + (cited.Contains(c.Key) ? w.Cited : 0) + (nearby.Contains(c.Key) ? w.Nearby : 0);
            var again = thisSentence.Contains(c.Key) || c.SameAsListed;
            c.Fit = TypedRanking.Fit(typed, c.Key, c.Paper, w);
            c.Score = TypedRanking.Score(typed.Length, c.Fit, match, prior, again, inWorkspace, w);
        }
    }

    /// <summary>
    /// Two or more .bib entries of one paper (same arXiv id, DOI or title: <see cref="BibIdentityIndex"/>) are one
    /// candidate before anything is typed: the keys returned here are not offered (once a key is typed, only those it fits
    /// less well than the kept one). The key kept is, among the entries not already in the command,
    /// one the typed text fits best (the key typed in full before a longer one it begins), then one cited in this paragraph, then elsewhere in the document, then the first in
    /// the .bib (the entry <see cref="BibIdentityIndex.Find"/> names for the paper). Off with <see cref="CompletionWeights.MergeDuplicates"/> 0.
    /// Reads each candidate's <see cref="Candidate.Fit"/>, set when it was scored.
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
                .OrderByDescending(c => c.Fit)
                .ThenByDescending(c => c.Key.Equals(typed, StringComparison.OrdinalIgnoreCase)) // chen2025aware typed in full, not chen2025awarefirstthinkless
                .ThenByDescending(c => nearby.Contains(c.Key))
                .ThenByDescending(c => cited.Contains(c.Key))
                .ThenBy(c => order.GetValueOrDefault(c.Key, int.MaxValue))
                .First();
            kept.AlsoKeys = [.. group.Where(c => c != kept).Select(c => c.Key)];
            // once a key is typed, the other keys it fits as well as the kept one stay offered beside it: the writer picks
            // the key they use without typing the characters that set it apart
            var keptFit = typed.Length == 0 ? 1 : kept.Fit;
            hidden.UnionWith(group.Where(c => c != kept && (typed.Length == 0 || c.Fit < keptFit)).Select(c => c.Key));
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

    /// <summary>
    /// Cosine similarities rescaled over the candidates that have one: the best 1, the worst 0 (0 without a vector). A
    /// candidate without an index paper takes its similarity from <paramref name="entries"/> (its .bib title), on the same
    /// scale, times <paramref name="entryWeight"/>.
    /// </summary>
    private static double[] MeaningScores(List<Candidate> candidates, IReadOnlyDictionary<long, double> similarities, IReadOnlyList<double?>? entries = null, double entryWeight = 1)
    {
        var scores = new double[candidates.Count];
        var values = similarities.Values.Concat(entries?.OfType<double>() ?? []).ToList();
        if (values.Count < 2)
        {
            return scores;
        }

        var max = values.Max();
        var min = values.Min();
        var span = Math.Max(1e-6, max - min);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i].IndexPaper is { } paper && similarities.TryGetValue(paper.Id, out var similarity))
            {
                scores[i] = (similarity - min) / span;
            }
            else if (entries?[i] is { } own)
            {
                scores[i] = entryWeight * (own - min) / span;
            }
        }

        return scores;
    }

    /// <summary>
    /// The meaning of each .bib entry that matches no index paper (its title, embedded by the catalog's model once per
    /// title: short, so the first completion in a workspace pays little) against the sentence; null for the other
    /// candidates and where the catalog has no model.
    /// </summary>
    private double?[] EntrySimilarities(List<Candidate> candidates, string query, CancellationToken cancellationToken)
    {
        var result = new double?[candidates.Count];
        var positions = Enumerable.Range(0, candidates.Count).Where(i => candidates[i].IndexPaper is null && candidates[i].Entry is not null).ToList();
        if (positions.Count == 0)
        {
            return result;
        }

        var texts = positions.Select(i => candidates[i].Paper.Title).ToList();
        var similarities = resolver.Catalog.TextSimilarities(query, texts, cancellationToken);
        for (var j = 0; j < positions.Count; j++)
        {
            result[positions[j]] = similarities[j];
        }

        return result;
    }

    /// <summary>The texts a candidate is matched against (only those whose weight is on are filled).</summary>
    private sealed record ContextSignals(string Query, string TextBefore, string Paragraph, string Section, string Topic, string Listed);

    /// <summary>The detail line: the paper, and where it stands in the workspace.</summary>
    private static string Detail(Candidate c) =>
        PaperDisplay.Detail(c.Paper)
        + (c.Entry is not null ? $" · in your .bib as {c.Entry.Key}" + (c.AlsoKeys.Count > 0 ? $" (also {string.Join(", ", c.AlsoKeys)})" : "") : c.WriterKey ? $" · cited in this document as {c.Key}" : c.IsFreeVariant ? $" · not in your .bib (its key {c.IndexPaper?.CitationKey} is another paper there)" : "");

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

        /// <summary>True when <see cref="Key"/> is a key the document cites that resolved to this index paper by its shape.</summary>
        public bool WriterKey { get; set; }

        /// <summary>True when the index key is used by a .bib entry of another paper (<see cref="Key"/> is a free variant).</summary>
        public bool IsFreeVariant { get; set; }

        public double CatalogScore { get; set; }

        /// <summary>1 / (1 + rank) when the paper introduced a name written just before the citation (<see cref="NameOrigins"/>), else 0.</summary>
        public double Origin { get; set; }

        /// <summary>The same index paper as a key already listed in the command (a duplicate .bib entry).</summary>
        public bool SameAsListed { get; set; }

        public double Score { get; set; }

        /// <summary>How well the typed text fits this candidate (<see cref="TypedRanking.Fit"/>; 0 when nothing is typed), set with <see cref="Score"/>.</summary>
        public double Fit { get; set; }

        /// <summary>The keys of other .bib entries of the same paper, not offered beside this one.</summary>
        public IReadOnlyList<string> AlsoKeys { get; set; } = [];
    }
}
