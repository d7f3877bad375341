using PaperLsp.Features.Citations;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Editing;

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
        return TextEdit.Insert(insertAt, NewCitation(language, latexCiteCommand, key, separated: !spaceBefore && insertAt > 0));
    }

    /// <summary>
    /// The insertion that cites <paramref name="key"/> at the cursor: into the empty key slot or the citation the cursor
    /// is in (after its keys), else a new citation in the document's syntax (LaTeX with <paramref name="latexCiteCommand"/>).
    /// </summary>
    public static TextEdit CiteAt(
        string text,
        int offset,
        DocumentLanguage language,
        string key,
        string latexCiteCommand = "\\cite",
        IEnumerable<string>? customCiteMacros = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        var site = CitationSiteFinder.Find(text, offset, language, customCiteMacros);
        if (site is not null)
        {
            if (site.CurrentKey.Length == 0)
            {
                return new TextEdit(site.ReplaceStart, site.ReplaceEnd, key);
            }

            switch (site.Syntax)
            {
                case CitationSyntax.LatexCommand or CitationSyntax.LatexMulticite:
                    return TextEdit.Insert(site.ReplaceEnd, "," + key);
                case CitationSyntax.PandocBracketed:
                    return TextEdit.Insert(site.ReplaceEnd, "; @" + key);
                default:
                    offset = site.Command.End;
                    break;
            }
        }

        var separated = offset > 0 && !char.IsWhiteSpace(text[offset - 1]) && text[offset - 1] is not '(' and not '[' and not '{';
        return TextEdit.Insert(offset, NewCitation(language, latexCiteCommand, key, separated));
    }

    /// <summary>
    /// The text of a new citation of <paramref name="key"/> (the one format every insertion uses): <c>~\cite{key}</c>
    /// in LaTeX (with the given command), <c> [@key]</c> in Markdown, <c> @key</c> in Typst; the leading separator
    /// only when <paramref name="separated"/>.
    /// </summary>
    public static string NewCitation(DocumentLanguage language, string latexCiteCommand, string key, bool separated) => language switch
    {
        DocumentLanguage.Latex => (separated ? "~" : "") + NormaliseCommand(latexCiteCommand) + "{" + key + "}",
        DocumentLanguage.Typst => (separated ? " " : "") + "@" + key,
        _ => (separated ? " " : "") + "[@" + key + "]",
    };

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
