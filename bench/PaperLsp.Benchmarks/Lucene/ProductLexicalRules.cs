using PaperLsp.Storage;
using PaperLsp.Storage.Indexing;

namespace PaperLsp.Benchmarks.Lucene;

/// <summary>
/// The product's query rules and BM25 constants, called where they live (Storage's internal <see cref="LexicalQuery"/>
/// and <c>LexicalIndex.K1/B</c>, visible to the bench through InternalsVisibleTo: the bench must not copy them), so that
/// the Lucene engine searches for exactly the words ours does.
/// </summary>
internal static class ProductLexicalRules
{
    /// <summary>LexicalQuery.MaxSearchTerms.</summary>
    public static int MaxSearchTerms => LexicalQuery.MaxSearchTerms;

    public static double K1 => LexicalIndex.K1;

    public static double B => LexicalIndex.B;

    /// <summary>The query's words (lower-cased, stop words dropped, de-duplicated, at most 48).</summary>
    public static IReadOnlyList<string> Terms(string text) => LexicalQuery.Terms(text);

    /// <summary>The rarest terms of a long query on a large index (common ones left out, at most 24).</summary>
    public static IReadOnlyList<(string Term, int Df)> SelectInformative(IReadOnlyList<(string Term, int Df)> terms, long paperCount) =>
        LexicalQuery.SelectInformative(terms, () => paperCount, t => t.Df);
}
