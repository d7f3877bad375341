using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace PaperLsp.Benchmarks.Lucene;

/// <summary>
/// Lucene's <see cref="BM25Similarity"/> with FTS5's k1 and b, and (unless <c>stock</c>) FTS5's two other definitions:
/// idf = ln((N − df + 0.5) / (df + 0.5)), at least 1e-6 (Lucene's is ln(1 + …), never below 0), and the average document
/// length in unweighted tokens (Lucene's would divide the field's total term frequency, which counts the weight repeats,
/// by the document count). What stays Lucene's own: the document length is stored in one byte (SmallFloat, ~3 significant
/// bits), scores are single precision.
/// </summary>
internal sealed class Fts5Bm25Similarity(float k1, float b, double averageTokens, bool stock) : BM25Similarity(k1, b)
{
    protected override float Idf(long docFreq, long numDocs)
    {
        if (stock)
        {
            return base.Idf(docFreq, numDocs);
        }

        var idf = Math.Log((numDocs - docFreq + 0.5) / (docFreq + 0.5));
        return (float)(idf <= 0 ? 1e-6 : idf);
    }

    protected override float AvgFieldLength(CollectionStatistics collectionStats) =>
        stock ? base.AvgFieldLength(collectionStats) : (float)averageTokens;
}
