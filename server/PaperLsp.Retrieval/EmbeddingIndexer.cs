using PaperLsp.Embeddings;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage;

namespace PaperLsp.Retrieval;

/// <summary>
/// Brings the store's vectors up to date for one model: embeds only papers whose vector is missing or whose text
/// changed (content hash), most likely cited first, in batches, committing each batch so an interrupted run keeps its
/// progress (vectors are stored per paper and model id: a new model, or a new token limit, embeds everything again
/// while the old vectors stay until removed).
/// </summary>
public sealed class EmbeddingIndexer(PaperStore store, IEmbeddingModel model)
{
    /// <summary>Texts embedded per model call and per committed batch.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>
    /// Papers to embed before all others (e.g. those the workspace .bib cites); the rest follow in the store's order
    /// (small hand-gathered sources first, then the most recent years).
    /// </summary>
    public IReadOnlySet<long> PriorityIds { get; init; } = new HashSet<long>();

    /// <summary>
    /// Characters of "title. abstract" that are embedded (cut at a word boundary), so that a long abstract is not
    /// tokenized in full only to be cut at the model's token limit (which decides the vector: see ModelManifest.MaxTokens).
    /// </summary>
    public int MaxChars { get; init; } = 2000;

    /// <summary>At most this many papers are embedded by one run (null: all pending); the rest stay pending for the next.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// The index papers that <paramref name="papers"/> (e.g. a .bib's entries) name, matched by the ingestion identity
    /// rules (arXiv id, DOI, normalised title): what is embedded first, by the server for the workspace .bib and by
    /// <c>paperlsp embed --first</c>.
    /// </summary>
    public static IReadOnlySet<long> PriorityFor(PaperStore store, IEnumerable<Paper> papers)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.IdsWithIdentities(papers.SelectMany(PaperIdentity.Keys));
    }

    /// <summary>Embeds what is pending; reports (done, total). Returns the number of papers embedded.</summary>
    public int Run(Action<int, int>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var info = model.Info;
        store.UpsertModel(info.Id, info.Name, info.Dimension, info.Sha256);
        // Ids only (8 bytes a paper); each batch's texts are read when it is embedded.
        var pending = store.PendingEmbeddingIds(info.Id);
        if (PriorityIds.Count > 0)
        {
            pending = [.. pending.Where(PriorityIds.Contains), .. pending.Where(id => !PriorityIds.Contains(id))];
        }

        if (Limit is { } limit && pending.Count > Math.Max(0, limit))
        {
            pending = pending.Take(Math.Max(0, limit)).ToList();
        }

        var done = 0;
        onProgress?.Invoke(0, pending.Count);
        foreach (var ids in pending.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunk = store.EmbeddingInputs(ids);
            var vectors = model.Embed(chunk.Select(p => Truncate(p.Text, MaxChars)).ToList(), EmbeddingRole.Document, cancellationToken);
            store.PutVectors(info.Id, chunk.Select((p, i) => (p.Id, p.ContentHash, vectors[i])));
            done += ids.Length;
            onProgress?.Invoke(done, pending.Count);
        }

        return done;
    }

    /// <summary>The first <paramref name="maxChars"/> characters of the text, cut back to a word boundary.</summary>
    public static string Truncate(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', maxChars);
        return text[..(cut > maxChars / 2 ? cut : maxChars)];
    }
}
