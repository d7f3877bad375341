using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Catalog;

/// <summary>
/// What editor features need from the paper index. Plain data in, plain data out; implemented over the
/// SQLite store and the vector index (hybrid retrieval), and by in-memory fakes in tests.
/// Implementations are safe to call concurrently from read-only requests.
/// </summary>
public interface IPaperCatalog
{
    /// <summary>Number of papers in the catalog.</summary>
    int Count { get; }

    /// <summary>
    /// A token for the state this catalog answers from: equal tokens of the same catalog mean every answer is still what
    /// it was (callers may keep what they derived from them); null when the catalog cannot tell (nothing may be kept).
    /// </summary>
    string? ContentVersion => null;

    /// <summary>A paper by citation key, or by arXiv id (with or without version); null when unknown.</summary>
    StoredPaper? FindByKey(string keyOrArxivId);

    /// <summary>
    /// The index paper that is the same paper as <paramref name="paper"/> by the ingestion identity rules (arXiv id,
    /// then DOI, then folded title; a DOI or title match never joins records with different arXiv ids); null when none.
    /// </summary>
    StoredPaper? FindSamePaper(PaperLsp.Ingestion.Model.Paper paper);

    /// <summary>
    /// <see cref="FindSamePaper"/> for each paper, in order (completion matches every .bib entry on every keystroke; a
    /// catalog may answer them all from one look at the index's state).
    /// </summary>
    IReadOnlyList<StoredPaper?> FindSamePapers(IReadOnlyList<PaperLsp.Ingestion.Model.Paper> papers) => [.. papers.Select(FindSamePaper)];

    /// <summary>
    /// Cosine similarity of the context's meaning to each of the given papers' vectors (papers without a vector, or a
    /// catalog without a model, are left out).
    /// </summary>
    IReadOnlyDictionary<long, double> Similarities(string context, IReadOnlyCollection<long> paperIds, CancellationToken cancellationToken);

    /// <summary>
    /// Cosine similarity of the context's meaning to each of <paramref name="texts"/> read as a paper (title and
    /// abstract of a paper the index does not hold, e.g. a workspace .bib entry): one value per text, null where the
    /// catalog has no model or no vectors of its own to compare with (the default: all null).
    /// </summary>
    IReadOnlyList<double?> TextSimilarities(string context, IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        new double?[texts.Count];

    /// <summary>Papers whose citation key starts with the prefix (case-insensitive), best first.</summary>
    IReadOnlyList<StoredPaper> FindByKeyPrefix(string prefix, int limit);

    /// <summary>Hybrid search: lexical + meaning of the query text, with boosts; best first.</summary>
    IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The papers whose indexed text best matches <paramref name="title"/> by its words alone, best first: the candidates
    /// for other records of a paper with that title. A catalog with a word index answers without its meaning model
    /// (cheap enough for a request that builds BibTeX entries); this default runs <see cref="Search"/>.
    /// </summary>
    IReadOnlyList<StoredPaper> TitleMatches(string title, int limit) =>
        [.. Search(new PaperQuery(title, "", limit), CancellationToken.None).Select(h => h.Paper)];

    /// <summary>
    /// The other records this catalog holds that may describe the same paper as <paramref name="stored"/> (one of its own
    /// records): where an entry for a record without authors or a year finds them. The caller decides which is the same
    /// paper (<c>BibIdentityIndex.Same</c>). This default, for a catalog that keeps every source's record apart: the
    /// record under its arXiv id, then the best matches of its title's words (<see cref="TitleMatches"/>).
    /// </summary>
    IReadOnlyList<StoredPaper> OtherRecordsOf(StoredPaper stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var byArxiv = stored.Paper.ArxivId is { Length: > 0 } id ? FindByKey(id) : null;
        return [.. new[] { byArxiv }.OfType<StoredPaper>().Concat(TitleMatches(stored.Paper.Title, OtherRecordCandidates))
            .Where(s => s.Id != stored.Id && !ReferenceEquals(s.Paper, stored.Paper))
            .DistinctBy(s => s.Id)];
    }

    /// <summary>How many of a title's best word matches <see cref="OtherRecordsOf"/> looks at by default.</summary>
    private const int OtherRecordCandidates = 20;

    /// <summary>
    /// The papers whose indexed text mentions every word of <paramref name="name"/>, oldest first, at most
    /// <paramref name="limit"/> (none when the name is so common that thousands of papers mention it): where to look for
    /// the paper that introduced a method or dataset name. The default (a catalog without a word index): none.
    /// </summary>
    IReadOnlyList<StoredPaper> EarliestMentioning(string name, int limit) => [];

    /// <summary>Papers most related to the given one (by meaning), excluding itself; best first.</summary>
    IReadOnlyList<ScoredPaper> Related(StoredPaper paper, int limit, CancellationToken cancellationToken);
}
