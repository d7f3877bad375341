using System.Text.RegularExpressions;
using PaperLsp.Features.Context;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Completion;

/// <summary>
/// What the document around a citation is about beyond its sentence: the title of the section the cursor is in, and
/// the document's own title and abstract (plain text; empty when the document has none).
/// </summary>
internal static partial class DocumentTopic
{
    private const int MaxTopicChars = 1200;

    /// <summary>The title of the last section heading before <paramref name="offset"/> (LaTeX \section-like or Markdown #), or "".</summary>
    public static string SectionTitle(string text, int offset, DocumentLanguage language)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var before = text.AsSpan(0, offset).ToString();
        var matches = language == DocumentLanguage.Markdown ? MarkdownHeading().Matches(before) : LatexSection().Matches(before);
        return matches.Count == 0 ? "" : Plain(matches[^1].Groups["title"].Value, language);
    }

    /// <summary>The document's title and abstract as one plain text (LaTeX \title and the abstract environment), or "".</summary>
    public static string TitleAndAbstract(string text, DocumentLanguage language)
    {
        if (language != DocumentLanguage.Latex)
        {
            return "";
        }

        var title = LatexTitle().Match(text) is { Success: true } t ? t.Groups["title"].Value : "";
        var abstractText = LatexAbstract().Match(text) is { Success: true } a ? a.Groups["body"].Value : "";
        var plain = (Plain(title, language) + ". " + Plain(abstractText, language)).Trim(' ', '.');
        return plain.Length > MaxTopicChars ? plain[..MaxTopicChars] : plain;
    }

    private static string Plain(string source, DocumentLanguage language) =>
        source.Length == 0 ? "" : WritingContextExtractor.PlainText(source, 0, source.Length, language);

    [GeneratedRegex(@"\\(?:sub)*section\*?\s*(?:\[[^\]]*\])?\s*\{(?<title>[^{}\n]*(?:\{[^{}\n]*\}[^{}\n]*)*)\}")]
    private static partial Regex LatexSection();

    [GeneratedRegex(@"(?m)^#{1,6}\s+(?<title>.+)$")]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"\\title\s*(?:\[[^\]]*\])?\s*\{(?<title>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}")]
    private static partial Regex LatexTitle();

    [GeneratedRegex(@"\\begin\{abstract\}(?<body>.*?)\\end\{abstract\}", RegexOptions.Singleline)]
    private static partial Regex LatexAbstract();
}
