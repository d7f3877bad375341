using System.Text;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace PaperLsp.Benchmarks.Lucene;

/// <summary>
/// Words as runs of Unicode letters and digits, lower-cased — the nearest Lucene tokenizer to FTS5's
/// <c>unicode61</c> (which also splits on everything that is not a letter or digit and folds case). Differences: Lucene's
/// CharTokenizer splits words longer than 255 characters, and unicode61 also keeps private-use characters.
/// </summary>
internal sealed class LetterOrDigitTokenizer(LuceneVersion version, TextReader input) : CharTokenizer(version, input)
{
    protected override bool IsTokenChar(int c) => Rune.IsValid(c) && Rune.IsLetterOrDigit(new Rune(c));

    protected override int Normalize(int c) => Rune.IsValid(c) ? Rune.ToLowerInvariant(new Rune(c)).Value : c;
}
