using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using PaperLsp.Storage.Indexing;
using SQLitePCL;

namespace PaperLsp.Storage;

/// <summary>
/// An in-memory copy of the index's FTS5 postings with the same BM25 as <see cref="PaperStore.SearchLexical"/>
/// (FTS5's <c>bm25()</c> with column weights title 5, keys 3, abstract 2, authors 1; k1 = 1.2, b = 0.75; the same
/// porter/unicode61 tokens, read from FTS5 itself). FTS5 evaluates an OR of a sentence's terms by walking every
/// matching row through SQL; here a query adds each term's postings into a score array, which is one to two orders of
/// magnitude faster on a large index. Immutable and thread-safe; a snapshot of the index when built (see
/// <see cref="IsCurrent"/>).
/// </summary>
public sealed class LexicalIndex : ILexicalSearch
{
    internal const double K1 = 1.2;
    internal const double B = 0.75;

    private readonly Dictionary<string, (int Start, int Count)> terms;
    private readonly int[] docs;
    private readonly ushort[] weights;
    private readonly long[] rowIds;
    private readonly float[] lengthNorm;
    private readonly byte[] signature;
    private readonly FtsQueryTokenizer tokenizer = new();
    private readonly ThreadLocal<LexicalScratch> scratch;

    private LexicalIndex(Dictionary<string, (int Start, int Count)> terms, int[] docs, ushort[] weights, long[] rowIds, float[] lengthNorm, byte[] signature)
    {
        this.terms = terms;
        this.docs = docs;
        this.weights = weights;
        this.rowIds = rowIds;
        this.lengthNorm = lengthNorm;
        this.signature = signature;
        this.scratch = new ThreadLocal<LexicalScratch>(() => new LexicalScratch(rowIds.Length));
    }

    /// <summary>Papers in this snapshot.</summary>
    public int Count => this.rowIds.Length;

    /// <summary>Distinct terms.</summary>
    public int TermCount => this.terms.Count;

    /// <summary>Postings (term, paper) pairs held.</summary>
    public long PostingCount => this.docs.LongLength;

    /// <summary>Approximate managed memory held by the postings, in bytes (terms' strings excluded).</summary>
    public long ApproximateBytes => (this.docs.LongLength * 6) + (this.rowIds.LongLength * 12) + (this.terms.Count * 48L);

    /// <summary>
    /// Reads every FTS5 token instance of <paramref name="store"/> (one pass over fts5vocab) into postings.
    /// Takes seconds on hundreds of thousands of papers; run it in the background.
    /// </summary>
    public static LexicalIndex Build(PaperStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var c = store.OpenConnection();
        FtsPostingsScan.CreateVocabularyTables(c);
        PaperStore.Execute(c, "BEGIN"); // one read snapshot for every statement below
        try
        {
            return Read(c, cancellationToken);
        }
        finally
        {
            PaperStore.Execute(c, "COMMIT");
        }
    }

    private static LexicalIndex Read(SqliteConnection c, CancellationToken cancellationToken)
    {
        var signature = Signature(c);
        var rowIds = SqliteRows.PaperIdsInOrder(c);
        var postingCapacity = Convert.ToInt64(PaperStore.Scalar(c, "SELECT coalesce(sum(doc), 0) FROM temp.lexical_rows") ?? 0L, CultureInfo.InvariantCulture);
        var docs = new int[postingCapacity];
        var weights = new ushort[postingCapacity];
        var lengths = new int[rowIds.Length];
        var terms = new Dictionary<string, (int Start, int Count)>(StringComparer.Ordinal);
        var count = 0;
        FtsPostingsScan.Run(c, rowIds, lengths, (term, postings) =>
        {
            if (count + postings.Count > docs.Length)
            {
                Array.Resize(ref docs, Math.Max(count + postings.Count, docs.Length * 2));
                Array.Resize(ref weights, docs.Length);
            }

            terms[Encoding.UTF8.GetString(term)] = (count, postings.Count);
            foreach (var (doc, weight) in postings)
            {
                docs[count] = doc;
                weights[count] = (ushort)weight;
                count++;
            }
        }, cancellationToken);
        if (count != docs.Length)
        {
            Array.Resize(ref docs, count);
            Array.Resize(ref weights, count);
        }

        var totalTokens = lengths.Sum(l => (long)l);
        var averageLength = rowIds.Length == 0 ? 1.0 : Math.Max(1.0, (double)totalTokens / rowIds.Length);
        var lengthNorm = new float[rowIds.Length];
        for (var i = 0; i < lengthNorm.Length; i++)
        {
            lengthNorm[i] = (float)(K1 * (1 - B + (B * lengths[i] / averageLength)));
        }

        return new LexicalIndex(terms, docs, weights, rowIds, lengthNorm, signature);
    }

    /// <summary>
    /// True when the index's FTS5 content is still what this snapshot was built from (FTS5's structure record changes
    /// with every write to the full-text index, by any connection or process).
    /// </summary>
    public bool IsCurrent(PaperStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var c = store.OpenConnection();
        return Signature(c).AsSpan().SequenceEqual(this.signature);
    }

    /// <summary>How many papers contain the (already tokenised) term.</summary>
    public int DocumentFrequency(string term) => this.terms.TryGetValue(term, out var postings) ? postings.Count : 0;

    /// <summary>
    /// BM25 search with the same query rules as <see cref="PaperStore.SearchLexical"/>: words of the text (stop words
    /// dropped), the most common ones left out of long queries, at most 24 of the rarest, and every term again when the
    /// rare ones alone find fewer than <paramref name="limit"/> papers. Best first; scores are FTS5's bm25 negated.
    /// </summary>
    public IReadOnlyList<(long Id, double Score)> Search(string text, int limit)
    {
        if (limit <= 0 || string.IsNullOrWhiteSpace(text) || this.rowIds.Length == 0)
        {
            return [];
        }

        var terms = new List<(string Term, int Df)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in LexicalQuery.Terms(text))
        {
            foreach (var term in this.tokenizer.Tokens(word))
            {
                if (seen.Add(term))
                {
                    terms.Add((term, DocumentFrequency(term)));
                }
            }
        }

        terms.RemoveAll(t => t.Df == 0);
        if (terms.Count == 0)
        {
            return [];
        }

        var selected = LexicalQuery.SelectInformative(terms, () => this.rowIds.Length, t => t.Df);
        var hits = Rank(selected, limit);
        if (hits.Count < limit && selected.Count < terms.Count)
        {
            hits = Rank(terms.Take(LexicalQuery.MaxSearchTerms * 2).ToList(), limit);
        }

        return hits;
    }

    private List<(long Id, double Score)> Rank(IReadOnlyList<(string Term, int Df)> terms, int limit)
    {
        var scratch = this.scratch.Value!;
        var scores = scratch.Scores;
        var touched = scratch.Touched;
        touched.Clear();
        var n = (double)this.rowIds.Length;
        foreach (var (term, df) in terms)
        {
            var (start, count) = this.terms[term];
            var idf = Math.Log((n - df + 0.5) / (df + 0.5));
            var factor = (float)((idf <= 0 ? 1e-6 : idf) * (K1 + 1));
            for (var i = start; i < start + count; i++)
            {
                var doc = this.docs[i];
                float weight = this.weights[i];
                if (scores[doc] == 0)
                {
                    touched.Add(doc);
                }

                scores[doc] += factor * weight / (weight + this.lengthNorm[doc]);
            }
        }

        return scratch.TakeTop(this.rowIds, limit);
    }


    public void Dispose()
    {
        this.tokenizer.Dispose();
        this.scratch.Dispose();
    }

    internal static int ColumnWeight(int nameLength) => nameLength switch
    {
        5 => 5, // title
        9 => 3, // keys_text
        8 => 2, // abstract
        _ => 1, // authors
    };

    internal static byte[] Signature(SqliteConnection c)
    {
        using var cmd = PaperStore.Command(c, "SELECT block FROM papers_fts_data WHERE id = 10");
        return cmd.ExecuteScalar() as byte[] ?? [];
    }

    internal static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new PaperStoreException($"reading the full-text index failed: {raw.sqlite3_errmsg(db).utf8_to_string()}");
        }
    }
}
