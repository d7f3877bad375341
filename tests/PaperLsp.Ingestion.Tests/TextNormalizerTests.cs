using PaperLsp.Ingestion.Text;

namespace PaperLsp.Ingestion.Tests;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Plain title", "Plain title")]
    [InlineData("H$_2$O: Heavy-Hitter Oracle", "H2O: Heavy-Hitter Oracle")]
    [InlineData("H_2O: Heavy-Hitter Oracle", "H_2O: Heavy-Hitter Oracle")]
    [InlineData("G{\\\"o}del and Schr\\\"{o}dinger", "Gödel and Schrödinger")]
    [InlineData("Caf\\'e na\\\"ive", "Café naïve")]
    [InlineData("{\\'E}cole \\`a la cr\\`eme br\\^ul\\'ee", "École à la crème brûlée")]
    [InlineData("Se\\~nor \\c{c}a \\v{S}koda \\k{a} \\u{g}", "Señor ça Škoda ą ğ")]
    [InlineData("Ku\\l{}ak and Stra\\ss{}e and \\o{}ystein", "Kułak and Straße and øystein")]
    [InlineData("na\\\"{\\i}ve", "naïve")]
    [InlineData("\\textbf{Bold} and \\emph{emphasis} and {\\it italic}", "Bold and emphasis and italic")]
    [InlineData("Q\\&A: 50\\% of \\$5", "Q&A: 50% of $5")]
    [InlineData("pages 437--463 --- an aside", "pages 437–463 — an aside")]
    [InlineData("use the --verbose flag", "use the --verbose flag")]
    [InlineData("``quoted'' text", "“quoted” text")]
    [InlineData("line one\nline two\r\n\tline three", "line one line two line three")]
    [InlineData("  many    spaces  ", "many spaces")]
    [InlineData("several componentsx2013such as weights", "several components–such as weights")]
    [InlineData("the matrix x2013 is named", "the matrix x2013 is named")]
    [InlineData("A &amp; B &lt;tag&gt; &#8211; &eacute;", "A & B <tag> – é")]
    [InlineData("$O(\\log n)$ time with $\\alpha \\leq 1$", "O(log n) time with α ≤ 1")]
    [InlineData("$\\ell_\\infty$ guarantee and $x^{2}$", "ℓ∞ guarantee and x2")]
    [InlineData("float8_e4m3 stays", "float8_e4m3 stays")]
    [InlineData("Our \\tool{} beats \\benchmarkName", "Our tool beats benchmarkName")]
    [InlineData("Text\\footnote{A note} continues", "Text continues")]
    [InlineData("{BERT}: Pre-training of {D}eep", "BERT: Pre-training of Deep")]
    [InlineData("360$^\\circ$ and $^{\\circ}$C, $f \\circ g$", "360° and °C, f ∘ g")]
    [InlineData("for `Just-in-time' edge and it's fine", "for ‘Just-in-time’ edge and it's fine")]
    [InlineData("", "")]
    public void Normalizes_display_text(string raw, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(raw));

    [Fact]
    public void Null_gives_empty() => Assert.Equal("", TextNormalizer.Normalize(null));

    [Theory]
    [InlineData("Gödel, Escher & Bach", false, "godelescherbach")]
    [InlineData("Gödel, Escher & Bach", true, "godel escher bach")]
    [InlineData("Straße Øresund Łódź", true, "strasse oresund lodz")]
    [InlineData("Flash-Attention/2", true, "flash attention 2")]
    [InlineData("注意力 attention", true, "attention")]
    public void Folds_to_ascii(string text, bool keepSpaces, string expected) =>
        Assert.Equal(expected, TextNormalizer.FoldToAscii(text, keepSpaces));

    [Theory]
    [InlineData("a  b\n c", "a b c", false)]
    [InlineData("H$_2$O", "H2O", true)]
    public void Knows_when_more_than_whitespace_changed(string raw, string normalized, bool expected) =>
        Assert.Equal(expected, TextNormalizer.ChangedBeyondWhitespace(raw, normalized));
}
