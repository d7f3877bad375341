using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Util;

namespace PaperLsp.Benchmarks.Lucene;

/// <summary>
/// Words of the Lucene engine: letters and digits, lower-cased, diacritics folded to ASCII (FTS5's remove_diacritics 2),
/// Porter-stemmed (FTS5's porter tokenizer is the same algorithm) — the indexing chain without the weight repeats.
/// </summary>
internal sealed class LuceneWordAnalyzer : Analyzer
{
    public static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>The chain over a tokenizer (shared by the query side and the indexer's per-column chains).</summary>
    public static TokenStream Filters(Tokenizer tokenizer) => new PorterStemFilter(new ASCIIFoldingFilter(tokenizer));

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new LetterOrDigitTokenizer(Version, reader);
        return new TokenStreamComponents(tokenizer, Filters(tokenizer));
    }
}
