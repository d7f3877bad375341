using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Data.Sqlite;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace PaperLsp.Benchmarks.Lucene;

/// <summary>
/// The same lexical search as the product's BM25 postings, on Lucene.Net 4.8 (bench only, for the measured comparison of
/// issue 15): one field holding title, keys, abstract and authors of each paper (each token repeated by FTS5's column
/// weight, <see cref="WeightRepeatFilter"/>), documents and frequencies only (no positions), the paper's row id as a
/// numeric doc value, in an <see cref="MMapDirectory"/>. Queries follow the product's rules (its words, stop words and
/// rarest-24 selection, called in place) and are an OR of term queries scored by <see cref="Fts5Bm25Similarity"/>.
/// </summary>
internal sealed class LuceneLexicalIndex : IDisposable
{
    private const string Field = "text";
    private const string IdField = "id";
    private const string TokensKey = "unweighted_tokens";
    private static readonly LuceneVersion Version = LuceneWordAnalyzer.Version;

    /// <summary>FTS5's column weights, in the order of the columns read (title, keys_text, abstract, authors).</summary>
    private static readonly int[] ColumnWeights = [5, 3, 2, 1];

    private readonly LuceneDirectory directory;
    private readonly DirectoryReader reader;
    private readonly IndexSearcher searcher;
    private readonly NumericDocValues ids;
    private readonly Analyzer queryAnalyzer = new LuceneWordAnalyzer();

    private LuceneLexicalIndex(string path, bool stock)
    {
        directory = new MMapDirectory(new DirectoryInfo(path));
        reader = DirectoryReader.Open(directory);
        var tokens = long.Parse(reader.IndexCommit.UserData[TokensKey], CultureInfo.InvariantCulture);
        AverageTokens = reader.MaxDoc == 0 ? 1 : Math.Max(1.0, (double)tokens / reader.MaxDoc);
        searcher = new IndexSearcher(reader) { Similarity = new Fts5Bm25Similarity((float)ProductLexicalRules.K1, (float)ProductLexicalRules.B, AverageTokens, stock) };
        ids = MultiDocValues.GetNumericValues(reader, IdField);
    }

    public int Count => reader.NumDocs;

    public int Segments => reader.Leaves.Count;

    public double AverageTokens { get; }

    /// <summary>Opens an index written by <see cref="Build"/>; <paramref name="stock"/>: Lucene's own idf and average length.</summary>
    public static LuceneLexicalIndex Open(string path, bool stock = false) => new(path, stock);

    /// <summary>
    /// Indexes every paper of the index at <paramref name="indexPath"/> (read from its papers table, the text FTS5 indexes)
    /// into a new Lucene index at <paramref name="path"/>. Returns the number of papers.
    /// </summary>
    public static int Build(string indexPath, string path)
    {
        System.IO.Directory.CreateDirectory(path);
        var chains = ColumnWeights.Select(w =>
        {
            var tokenizer = new LetterOrDigitTokenizer(Version, new StringReader(""));
            var repeat = new WeightRepeatFilter(LuceneWordAnalyzer.Filters(tokenizer), w);
            return (Tokenizer: tokenizer, Stream: repeat);
        }).ToArray();
        var type = new FieldType { IsIndexed = true, IsTokenized = true, IsStored = false, IndexOptions = IndexOptions.DOCS_AND_FREQS };
        type.Freeze();
        using var dir = new MMapDirectory(new DirectoryInfo(path));
        var config = new IndexWriterConfig(Version, new LuceneWordAnalyzer())
        {
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 64,
            Similarity = new Fts5Bm25Similarity((float)ProductLexicalRules.K1, (float)ProductLexicalRules.B, 1, stock: false), // norms: DiscountOverlaps
        };
        using var writer = new IndexWriter(dir, config);
        var count = 0;
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = indexPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, title, keys_text, abstract, authors FROM papers ORDER BY id";
            using var rows = command.ExecuteReader();
            while (rows.Read())
            {
                var document = new Document { new NumericDocValuesField(IdField, rows.GetInt64(0)) };
                for (var column = 0; column < ColumnWeights.Length; column++)
                {
                    if (rows.IsDBNull(column + 1) || rows.GetString(column + 1) is not { Length: > 0 } text)
                    {
                        continue;
                    }

                    chains[column].Tokenizer.SetReader(new StringReader(text));
                    document.Add(new Field(Field, chains[column].Stream, type));
                }

                writer.AddDocument(document);
                count++;
            }
        }

        var tokens = chains.Sum(c => c.Stream.Tokens);
        writer.SetCommitData(new Dictionary<string, string> { [TokensKey] = tokens.ToString(CultureInfo.InvariantCulture) });
        writer.Commit();
        return count;
    }

    /// <summary>Same query rules as the product's <c>MappedLexicalIndex.Search</c>; best first, (row id, BM25 score).</summary>
    public IReadOnlyList<(long Id, double Score)> Search(string text, int limit)
    {
        if (limit <= 0 || string.IsNullOrWhiteSpace(text) || reader.MaxDoc == 0)
        {
            return [];
        }

        var terms = new List<(string Term, int Df)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in ProductLexicalRules.Terms(text))
        {
            foreach (var term in Analyze(word))
            {
                if (seen.Add(term) && reader.DocFreq(new Term(Field, term)) is var df and > 0)
                {
                    terms.Add((term, df));
                }
            }
        }

        if (terms.Count == 0)
        {
            return [];
        }

        var selected = ProductLexicalRules.SelectInformative(terms, reader.MaxDoc);
        var hits = Rank(selected, limit);
        if (hits.Count < limit && selected.Count < terms.Count)
        {
            hits = Rank(terms.Take(ProductLexicalRules.MaxSearchTerms * 2).ToList(), limit);
        }

        return hits;
    }

    private List<(long Id, double Score)> Rank(IReadOnlyList<(string Term, int Df)> terms, int limit)
    {
        var query = new BooleanQuery(disableCoord: true);
        foreach (var (term, _) in terms)
        {
            query.Add(new TermQuery(new Term(Field, term)), Occur.SHOULD);
        }

        return searcher.Search(query, limit).ScoreDocs.Select(d => (ids.Get(d.Doc), (double)d.Score)).ToList();
    }

    private List<string> Analyze(string word)
    {
        var terms = new List<string>(1);
        using var stream = queryAnalyzer.GetTokenStream(Field, word);
        var chars = stream.AddAttribute<global::Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(chars.ToString());
        }

        stream.End();
        return terms;
    }

    /// <summary>Files and bytes of the index folder.</summary>
    public static (int Files, long Bytes) Size(string path)
    {
        var files = new DirectoryInfo(path).GetFiles();
        return (files.Length, files.Sum(f => f.Length));
    }

    public void Dispose()
    {
        reader.Dispose();
        directory.Dispose();
        queryAnalyzer.Dispose();
    }
}
