using System.Text;

namespace PaperLsp.TestSupport;

/// <summary>
/// LaTeX prose in one line of any length, for the long-line tests: a paragraph with inline math, escaped percent
/// signs, emphasis, a non-BMP character and citations of the given keys, repeated without line breaks. Every repetition
/// ends a sentence, so a test can place its own sentence at <see cref="SentenceStartNear"/>.
/// </summary>
public static class LongLatexLine
{
    /// <summary>One repetition: four sentences citing <paramref name="keys"/> (three of them, reused in turn).</summary>
    public static string Paragraph(IReadOnlyList<string> keys) =>
        "Sparse mixtures of experts route each token to a few experts with $k \\ll n$ and keep the compute per token fixed \\cite{" + keys[0] + "}. "
        + "Their balancing loss costs about 1\\% of the step time, as \\emph{Table 2} shows for 😀 tokens \\citep[see][p.~3]{" + keys[1] + ", " + keys[2] + "}. "
        + "Quadratic memory $O(n^2)$ of \\textbf{attention} limits the context length of such models \\cite{" + keys[2] + "}. "
        + "Display math $$x = \\frac{a}{b}$$ closes the paragraph of this repeated text. ";

    /// <summary>Repetitions of <see cref="Paragraph"/> until the text has at least <paramref name="chars"/> characters.</summary>
    public static string Build(int chars, IReadOnlyList<string> keys)
    {
        var paragraph = Paragraph(keys);
        var text = new StringBuilder(chars + paragraph.Length);
        while (text.Length < chars)
        {
            text.Append(paragraph);
        }

        return text.ToString();
    }

    /// <summary>
    /// A real LaTeX file as one line: each line's <c>%</c> comment removed (joined, a comment would swallow the rest of the
    /// text), lines trimmed, empty ones dropped, the rest joined with spaces.
    /// </summary>
    public static string JoinLines(string tex) =>
        string.Join(' ', tex.Split('\n').Select(WithoutComment).Select(l => l.Trim()).Where(l => l.Length > 0));

    /// <summary>The line without its % comment (an unescaped % and what follows).</summary>
    public static string WithoutComment(string line)
    {
        for (var k = 0; k < line.Length; k++)
        {
            if (line[k] == '\\')
            {
                k++;
            }
            else if (line[k] == '%')
            {
                return line[..k];
            }
        }

        return line;
    }

    /// <summary>The start of the first repetition at or after <paramref name="offset"/> (a sentence start).</summary>
    public static int SentenceStartNear(string text, int offset, IReadOnlyList<string> keys)
    {
        var found = text.IndexOf(Paragraph(keys), Math.Clamp(offset, 0, text.Length), StringComparison.Ordinal);
        return found < 0 ? text.Length : found;
    }
}
