using PaperLsp.Embeddings;
using PaperLsp.Storage;

namespace PaperLsp.Features.Retrieval;

/// <summary>
/// Brings the store's vectors up to date for one model: embeds only papers whose vector is missing or whose
/// text changed (content hash), in batches, committing each batch so an interrupted run keeps its progress.
/// </summary>
public sealed class EmbeddingIndexer(PaperStore store, IEmbeddingModel model)
{
    /// <summary>Texts embedded per model call and per committed batch.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>
    /// Characters of "title. abstract" that are embedded (cut at a word boundary). The encoder's cost grows with
    /// the token count; the title and the opening of the abstract carry most of what a citing sentence matches,
    /// and 240 characters (about 50 tokens) embed about 2.5× faster than the 128-token maximum.
    /// </summary>
    public int MaxChars { get; init; } = 240;

    /// <summary>Embeds what is pending; reports (done, total). Returns the number of papers embedded.</summary>
    public int Run(Action<int, int>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var info = model.Info;
        store.UpsertModel(info.Id, info.Name, info.Dimension, info.Sha256);
        var pending = store.PendingEmbeddings(info.Id).ToList();
        var done = 0;
        onProgress?.Invoke(0, pending.Count);
        foreach (var chunk in pending.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var vectors = model.Embed(chunk.Select(p => Truncate(p.Text, MaxChars)).ToList(), cancellationToken);
            store.PutVectors(info.Id, chunk.Select((p, i) => (p.Id, p.ContentHash, vectors[i])));
            done += chunk.Length;
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
