using PaperLsp.Features.Citations;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Actions;

/// <summary>Where and how to insert a citation at the end of a sentence, and how to append an entry to a .bib: pure insertions only.</summary>
public static class CitationInsertion
{
    /// <summary>
    /// The insertion that cites <paramref name="key"/> at the end of the sentence [<paramref name="sentenceStart"/>,
    /// <paramref name="sentenceEnd"/>): before the final punctuation; into a citation that already ends the sentence;
    /// otherwise as <c>~\cite{key}</c> (LaTeX, with the given command), <c> [@key]</c> (Markdown) or <c> @key</c> (Typst).
    /// </summary>
    public static TextEdit CiteAtSentenceEnd(
        string text,
        DocumentLanguage language,
        int sentenceStart,
        int sentenceEnd,
        string key,
        string latexCiteCommand = "\\cite",
        IEnumerable<string>? customCiteMacros = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        sentenceEnd = Math.Clamp(sentenceEnd, 0, text.Length);
        sentenceStart = Math.Clamp(sentenceStart, 0, sentenceEnd);
        var insertAt = sentenceEnd;
        var k = sentenceEnd - 1;
        while (k >= sentenceStart && text[k] is '"' or '\'' or ')' or '”' or '’')
        {
            k--;
        }

        if (k >= sentenceStart && text[k] is '.' or '!' or '?')
        {
            while (k > sentenceStart && text[k - 1] is '.' or '!' or '?')
            {
                k--; // "..." or "?!"
            }

            insertAt = k;
        }

        // a citation already ending the sentence takes the key
        var before = insertAt;
        while (before > sentenceStart && (char.IsWhiteSpace(text[before - 1]) || text[before - 1] == '~'))
        {
            before--;
        }

        foreach (var citation in CitationScanner.FindAround(text, language, customCiteMacros, sentenceStart, sentenceEnd))
        {
            if (citation.End != before || !citation.IsClosed || citation.Start < sentenceStart - 1)
            {
                continue;
            }

            switch (citation.Syntax)
            {
                case CitationSyntax.LatexCommand when citation.CommandName != "nocite" && text[citation.End - 1] == '}':
                    var separator = citation.Keys.All(c => c.Key.Length == 0) ? "" : ",";
                    return TextEdit.Insert(citation.End - 1, separator + key);
                case CitationSyntax.LatexMulticite:
                    return TextEdit.Insert(citation.End, "{" + key + "}");
                case CitationSyntax.PandocBracketed when text[citation.End - 1] == ']':
                    return TextEdit.Insert(citation.End - 1, "; @" + key);
                case CitationSyntax.TypstReference or CitationSyntax.TypstCiteCall:
                    return TextEdit.Insert(citation.End, " @" + key);
            }
        }

        var spaceBefore = insertAt > 0 && char.IsWhiteSpace(text[insertAt - 1]);
        return language switch
        {
            DocumentLanguage.Latex => TextEdit.Insert(insertAt, (spaceBefore || insertAt == 0 ? "" : "~") + NormaliseCommand(latexCiteCommand) + "{" + key + "}"),
            DocumentLanguage.Typst => TextEdit.Insert(insertAt, (spaceBefore || insertAt == 0 ? "" : " ") + "@" + key),
            _ => TextEdit.Insert(insertAt, (spaceBefore || insertAt == 0 ? "" : " ") + "[@" + key + "]"),
        };
    }

    /// <summary>
    /// The insertion that appends <paramref name="entry"/> to a .bib whose current text is <paramref name="bibText"/>:
    /// separated from existing content by one blank line, ending with a newline, using the file's line endings.
    /// </summary>
    public static TextEdit AppendBibEntry(string bibText, string entry)
    {
        ArgumentNullException.ThrowIfNull(bibText);
        ArgumentNullException.ThrowIfNull(entry);
        var newline = bibText.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = entry.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n').Replace("\n", newline, StringComparison.Ordinal);
        string separator;
        if (bibText.Length == 0 || bibText.All(char.IsWhiteSpace))
        {
            separator = "";
        }
        else if (bibText.EndsWith(newline + newline, StringComparison.Ordinal) || bibText.EndsWith("\n\n", StringComparison.Ordinal))
        {
            separator = "";
        }
        else if (bibText.EndsWith('\n'))
        {
            separator = newline;
        }
        else
        {
            separator = newline + newline;
        }

        return TextEdit.Insert(bibText.Length, separator + body + newline);
    }

    private static string NormaliseCommand(string command)
    {
        var name = string.IsNullOrWhiteSpace(command) ? "cite" : command.Trim().TrimStart('\\');
        return "\\" + (name.All(c => char.IsAsciiLetter(c) || c == '*') && name.Length > 0 ? name : "cite");
    }
}
