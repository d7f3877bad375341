using PaperLsp.Features.Catalog;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage;

namespace PaperLsp.Features.Tests.Support;

/// <summary>
/// An in-memory catalog: search ranks by shared words between the query context and title+abstract (a stand-in for
/// hybrid retrieval), with a bonus for keys starting with the typed text and for boosted keys. Records queries.
/// </summary>
internal sealed class FakePaperCatalog : IPaperCatalog
{
    private readonly List<StoredPaper> papers = [];

    public List<PaperQuery> Queries { get; } = [];

    public int Count => papers.Count;

    /// <summary>False: the catalog gives no content version (callers must not keep anything derived from it).</summary>
    public bool Versioned { get; init; } = true;

    /// <summary>Changes with every paper added.</summary>
    public string? ContentVersion => Versioned ? "v" + papers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>How many times <see cref="Related"/> was asked.</summary>
    public int RelatedCalls { get; private set; }

    public FakePaperCatalog Add(string key, string title, string abstractText = "", string[]? authors = null, int? year = null, string? arxivId = null, int? upvotes = null, string? aiSummary = null, string? doi = null)
    {
        var paper = new Paper
        {
            Title = title,
            Abstract = abstractText,
            Authors = authors ?? [],
            Year = year,
            Date = year?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ArxivId = arxivId,
            Upvotes = upvotes,
            AiSummary = aiSummary,
            Doi = doi,
            Source = new PaperSource("fake.jsonl", SourceFormat.PapersJsonl, papers.Count + 1),
        };
        papers.Add(new StoredPaper(papers.Count + 1, key, paper));
        return this;
    }

    public StoredPaper? FindByKey(string keyOrArxivId)
    {
        var id = keyOrArxivId.StartsWith("arXiv:", StringComparison.OrdinalIgnoreCase) ? keyOrArxivId[6..] : keyOrArxivId;
        var v = id.LastIndexOf('v');
        var withoutVersion = v > 4 && id[(v + 1)..].All(char.IsDigit) && id[(v + 1)..].Length > 0 ? id[..v] : id;
        return papers.FirstOrDefault(p => p.CitationKey == keyOrArxivId)
            ?? papers.FirstOrDefault(p => p.Paper.ArxivId is not null && p.Paper.ArxivId == withoutVersion);
    }

    public StoredPaper? FindSamePaper(Paper paper)
    {
        var identities = PaperLsp.Ingestion.Identity.PaperIdentity.Keys(paper);
        return papers.FirstOrDefault(p => PaperLsp.Ingestion.Identity.PaperIdentity.Keys(p.Paper).Intersect(identities).Any());
    }

    public IReadOnlyDictionary<long, double> Similarities(string context, IReadOnlyCollection<long> paperIds, CancellationToken cancellationToken) =>
        new Dictionary<long, double>();

    /// <summary>A stand-in for the model's similarity of a context to a text the index does not hold (null: no model).</summary>
    public Func<string, string, double?>? TextMeaning { get; init; }

    /// <summary>The texts <see cref="TextSimilarities"/> was asked about.</summary>
    public List<string> TextsAsked { get; } = [];

    public IReadOnlyList<double?> TextSimilarities(string context, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        TextsAsked.AddRange(texts);
        return [.. texts.Select(t => TextMeaning?.Invoke(context, t))];
    }

    public IReadOnlyList<StoredPaper> FindByKeyPrefix(string prefix, int limit) =>
        papers.Where(p => p.CitationKey.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).OrderBy(p => p.CitationKey, StringComparer.Ordinal).Take(limit).ToList();

    public IReadOnlyList<ScoredPaper> Search(PaperQuery query, CancellationToken cancellationToken)
    {
        Queries.Add(query);
        var words = Words(query.Context);
        return papers
            .Select(p =>
            {
                var score = Words(p.Paper.Title + " " + p.Paper.Abstract).Count(words.Contains) / 10.0;
                if (query.Typed.Length > 0 && p.CitationKey.StartsWith(query.Typed, StringComparison.OrdinalIgnoreCase))
                {
                    score += 0.5;
                }

                return new ScoredPaper(p, score);
            })
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Paper.Id)
            .Take(query.Limit)
            .ToList();
    }

    /// <summary>The titles <see cref="TitleMatches"/> was asked for.</summary>
    public List<string> TitleLookups { get; } = [];

    /// <summary>Papers by the words their title shares with <paramref name="title"/> (not recorded in <see cref="Queries"/>).</summary>
    public IReadOnlyList<StoredPaper> TitleMatches(string title, int limit)
    {
        TitleLookups.Add(title);
        var words = Words(title);
        return papers
            .Select(p => (Paper: p, Shared: Words(p.Paper.Title).Count(words.Contains)))
            .Where(x => x.Shared > 0)
            .OrderByDescending(x => x.Shared).ThenBy(x => x.Paper.Id)
            .Take(limit).Select(x => x.Paper).ToList();
    }

    /// <summary>Papers whose title or abstract has every word of the name (as <see cref="Words"/> splits it), oldest first (year, then id).</summary>
    public IReadOnlyList<StoredPaper> EarliestMentioning(string name, int limit)
    {
        var words = Words(name);
        return words.Count == 0 ? [] : papers
            .Where(p => words.All(Words(p.Paper.Title + " " + p.Paper.Abstract).Contains))
            .OrderBy(p => p.Paper.Year ?? int.MaxValue).ThenBy(p => p.Id)
            .Take(limit).ToList();
    }

    public IReadOnlyList<ScoredPaper> Related(StoredPaper paper, int limit, CancellationToken cancellationToken)
    {
        RelatedCalls++;
        var words = Words(paper.Paper.Title + " " + paper.Paper.Abstract);
        return papers.Where(p => p.Id != paper.Id)
            .Select(p => new ScoredPaper(p, Words(p.Paper.Title + " " + p.Paper.Abstract).Count(words.Contains)))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score).ThenBy(s => s.Paper.Id)
            .Take(limit).ToList();
    }

    private static HashSet<string> Words(string text) =>
        text.ToLowerInvariant().Split([' ', ',', '.', ':', ';', '(', ')', '-', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 3).ToHashSet(StringComparer.Ordinal);
}
