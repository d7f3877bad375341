using PaperLsp.Embeddings.Tokenization;

namespace PaperLsp.Embeddings.Tests;

public sealed class ManagedNfkcTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "\uFB01nal", "final" },                // ligature
        { "\uFF41\uFF42\uFF43", "abc" },           // full-width
        { "e\u0301te\u0301", "\u00E9t\u00E9" },    // combining acute composes
        { "u\u0308\u0304", "\u01D6" },             // two-step composition ü + macron → ǖ
        { "x\u00B2", "x2" },                       // superscript
        { "\u212B", "\u00C5" },                    // Ångström sign → Å
        { "\u2460", "1" },                         // circled digit
        { "\U0001D400\U0001D401", "AB" },          // mathematical bold letters (outside the BMP)
        { "\u2026", "..." },                       // ellipsis
        { "a\u00A0b", "a b" },                     // no-break space
        { "naïve café", "naïve café" },            // already normal
        { "plain ASCII", "plain ASCII" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Managed_path_gives_nfkc(string input, string expected) => Assert.Equal(expected, ManagedNfkc.NormalizeManaged(input));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Public_path_gives_nfkc_whatever_the_runtime_mode(string input, string expected) => Assert.Equal(expected, ManagedNfkc.Normalize(input));
}
