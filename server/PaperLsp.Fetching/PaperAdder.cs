using System.Globalization;
using PaperLsp.Ingestion;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage;

namespace PaperLsp.Fetching;

/// <summary>
/// <c>paperlsp add</c> and the editor's "Add paper…": fetches the metadata of named papers (arXiv API Atom for arXiv
/// ids and URLs, the Hugging Face paper API for HF paper URLs, doi.org BibTeX by content negotiation for DOIs) into the
/// response cache, then indexes those files with the incremental indexer and looks the papers up for their keys.
/// Fetching and indexing are separate steps so a server can fetch outside its indexing queue.
/// </summary>
public sealed class PaperAdder
{
    private readonly PoliteHttpClient client;
    private readonly FetchOptions options;
    private readonly ResponseCache cache;

    public PaperAdder(PoliteHttpClient client, FetchOptions options, ResponseCache cache)
    {
        this.client = client;
        this.options = options;
        this.cache = cache;
    }

    /// <summary>Fetches each reference in turn (one request at a time, politely); failures are reported per reference.</summary>
    public async Task<IReadOnlyList<FetchedSource>> FetchAsync(IEnumerable<PaperReference> references, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(references);
        var fetched = new List<FetchedSource>();
        foreach (var reference in references.Distinct())
        {
            cancellationToken.ThrowIfCancellationRequested();
            fetched.Add(await FetchOneAsync(reference, cancellationToken).ConfigureAwait(false));
        }

        return fetched;
    }

    /// <summary>Indexes the fetched files (each in its own transaction) and finds every requested paper's key.</summary>
    public static IReadOnlyList<AddedPaper> Index(PaperStore store, IReadOnlyList<FetchedSource> fetched, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(fetched);
        var files = fetched.Where(f => f.CachePath is not null).Select(f => f.CachePath!).Distinct(StringComparer.Ordinal).ToList();
        IndexReport? report = files.Count > 0 ? new PaperIndexer(store).Index(files, cancellationToken: cancellationToken) : null;
        var results = new List<AddedPaper>();
        foreach (var source in fetched)
        {
            if (source.CachePath is null)
            {
                results.Add(new AddedPaper(source.Reference.Display, null, null, source.Error));
                continue;
            }

            var stored = store.GetByKey(source.Reference.Id) ?? FindByContent(store, source);
            if (stored is null)
            {
                var why = report?.Problems.FirstOrDefault(p => p.Path == source.CachePath)?.Message ?? "not found in the index after indexing";
                results.Add(new AddedPaper(source.Reference.Display, null, null, why));
                continue;
            }

            results.Add(new AddedPaper(source.Reference.Display, stored.CitationKey, stored.Paper.Title, null));
        }

        return results;
    }

    /// <summary>A DOI whose BibTeX lacks a doi field, or an id answered under another spelling: the cached file's papers by their own ids.</summary>
    private static StoredPaper? FindByContent(PaperStore store, FetchedSource source)
    {
        foreach (var paper in SourceReader.Read(source.CachePath!, _ => { }))
        {
            foreach (var id in new[] { paper.ArxivId, paper.Doi })
            {
                if (id is not null && store.GetByKey(id) is { } stored)
                {
                    return stored;
                }
            }
        }

        return null;
    }

    private async Task<FetchedSource> FetchOneAsync(PaperReference reference, CancellationToken cancellationToken)
    {
        // arXiv ids are validated ([0-9.] or archive/digits): they go into the URL as they are (arXiv wants the '/' of old ids).
        var (url, accept, format, path, pause) = reference.Kind switch
        {
            PaperReferenceKind.Arxiv => (
                new Uri(options.ArxivUrl, "api/query?id_list=" + reference.Id + "&max_results=1"),
                "application/atom+xml", SourceFormat.ArxivAtom, cache.PathOf("arxiv", reference.Id + ".xml"), options.ArxivDelay),
            PaperReferenceKind.HuggingFace => (
                new Uri(options.HuggingFaceUrl, "api/papers/" + reference.Id),
                "application/json", SourceFormat.HuggingFaceApiJson, cache.PathOf("hf-papers", reference.Id + ".json"), options.RequestDelay),
            _ => (
                new Uri(options.DoiUrl, EscapeDoi(reference.Id)),
                "application/x-bibtex; charset=utf-8", SourceFormat.Bibtex, cache.PathOf("doi", reference.Id + ".bib"), options.RequestDelay),
        };
        var response = await client.GetAsync(url, accept, ResponseCache.ValidatorsOf(path), pause, cancellationToken).ConfigureAwait(false);
        switch (response.Status)
        {
            case FetchStatus.NotModified:
                return new FetchedSource(reference, path, false, null);
            case FetchStatus.Ok:
                var inspected = ResponseInspector.Inspect(response.Body, format, path);
                var problem = inspected.Problem ?? MissingProblem(reference, inspected.Papers);
                if (problem is not null)
                {
                    return new FetchedSource(reference, null, false, $"{url.Host}: {problem}");
                }

                ResponseCache.Store(path, response.Body, response.Validators, url);
                return new FetchedSource(reference, path, true, null);
            default:
                return new FetchedSource(reference, null, false, response.Error);
        }
    }

    /// <summary>Why a well-formed response does not hold the requested paper (arXiv answers an unknown id with an empty feed).</summary>
    private static string? MissingProblem(PaperReference reference, IReadOnlyList<Paper> papers)
    {
        if (papers.Count == 0)
        {
            return $"no paper {reference.Display} in the answer";
        }

        if (reference.Kind is PaperReferenceKind.Arxiv or PaperReferenceKind.HuggingFace && !papers.Any(p => string.Equals(p.ArxivId, reference.Id, StringComparison.OrdinalIgnoreCase)))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the answer holds {papers.Count} other paper(s), not {reference.Display}");
        }

        return null;
    }

    private static string EscapeDoi(string doi) => string.Join('/', doi.Split('/').Select(Uri.EscapeDataString));
}
