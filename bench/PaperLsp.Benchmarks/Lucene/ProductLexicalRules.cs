using System.Reflection;
using PaperLsp.Storage;

namespace PaperLsp.Benchmarks.Lucene;

/// <summary>
/// The product's query rules and BM25 constants, called where they live (Storage's internal <c>LexicalQuery</c> and
/// <c>LexicalIndex.K1/B</c>, by reflection: the bench must not copy them and the product does not expose them), so that
/// the Lucene engine searches for exactly the words ours does.
/// </summary>
internal static class ProductLexicalRules
{
    private static readonly Type Query = typeof(PaperStore).Assembly.GetType("PaperLsp.Storage.Indexing.LexicalQuery", throwOnError: true)!;
    private static readonly MethodInfo TermsMethod = Query.GetMethod("Terms", BindingFlags.Public | BindingFlags.Static, [typeof(string)])!;
    private static readonly MethodInfo SelectMethod = Query.GetMethod("SelectInformative", BindingFlags.Public | BindingFlags.Static)!
        .MakeGenericMethod(typeof((string Term, int Df)));

    /// <summary>LexicalQuery.MaxSearchTerms (24).</summary>
    public static int MaxSearchTerms { get; } = (int)Query.GetField("MaxSearchTerms")!.GetRawConstantValue()!;

    public static double K1 { get; } = Constant("K1");

    public static double B { get; } = Constant("B");

    /// <summary>The query's words (lower-cased, stop words dropped, de-duplicated, at most 48).</summary>
    public static IReadOnlyList<string> Terms(string text) => (IReadOnlyList<string>)TermsMethod.Invoke(null, [text])!;

    /// <summary>The rarest terms of a long query on a large index (common ones left out, at most 24).</summary>
    public static IReadOnlyList<(string Term, int Df)> SelectInformative(IReadOnlyList<(string Term, int Df)> terms, long paperCount) =>
        (IReadOnlyList<(string Term, int Df)>)SelectMethod.Invoke(null, [terms, new Func<long>(() => paperCount), new Func<(string Term, int Df), long>(t => t.Df)])!;

    private static double Constant(string name) =>
        (double)typeof(LexicalIndex).GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;
}
