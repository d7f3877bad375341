using PaperLsp.Features.Text;

namespace PaperLsp.Features.Citations;

/// <summary>
/// Where a citation key slot is likely to open next: the text just before the cursor is a cite command being typed —
/// LaTeX <c>\ci</c>, <c>\citep</c>, <c>\parencite</c>, <c>\citep*</c> or a custom cite macro (the names the LaTeX scanner
/// takes as citations; a name of one letter only right after <c>~</c>), Markdown <c>[</c> after a space (<c>[@</c> comes
/// next), Typst <c>#ci</c> … <c>#cite(</c>. The answer is what to insert at the cursor to open an empty key slot:
/// speculative completion computes that slot's answer before the user gets there (see the server's completion
/// speculation). Reads only a few characters before and after the cursor.
/// </summary>
public static class CitationAnticipation
{
    /// <summary>The longest cite command name looked at before the cursor.</summary>
    private const int MaxNameLength = 32;

    /// <summary>
    /// What to insert at <paramref name="offset"/> to open the key slot that the command being typed leads to, and where
    /// the cursor then is (an offset into the inserted text); null when the text before the cursor is not a cite command
    /// being typed.
    /// </summary>
    public static AnticipatedSlot? Anticipate(ChunkedText text, int offset, DocumentLanguage language, IEnumerable<string>? customCiteMacros = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (offset <= 0 || offset > text.Length)
        {
            return null;
        }

        var next = offset < text.Length ? text[offset] : '\n';
        if (char.IsLetterOrDigit(next))
        {
            return null; // inside a word: not typing at its end
        }

        return language switch
        {
            DocumentLanguage.Latex => Latex(text, offset, next, customCiteMacros),
            DocumentLanguage.Typst => Typst(text, offset, next),
            _ => Pandoc(text, offset),
        };
    }

    private static AnticipatedSlot? Latex(ChunkedText text, int offset, char next, IEnumerable<string>? customCiteMacros)
    {
        if (next is '{' or '[' or '*')
        {
            return null; // an existing command's arguments follow: editing its name
        }

        var end = offset;
        var starred = text[end - 1] == '*';
        if (starred)
        {
            end--;
        }

        var start = end;
        while (start > 0 && end - start <= MaxNameLength && char.IsAsciiLetter(text[start - 1]))
        {
            start--;
        }

        if (start == end || start == 0 || text[start - 1] != '\\' || (start >= 2 && text[start - 2] == '\\'))
        {
            return null; // no command name, or an escaped backslash (\\) before the letters
        }

        var typed = text.Substring(start, end - start);
        var afterTilde = start >= 2 && text[start - 2] == '~';
        if (typed.Length < (afterTilde ? 1 : 2) || LatexCitationScanner.IsInComment(text, start - 1))
        {
            return null;
        }

        var names = LatexCitationScanner.SingleKeyListCommands.Concat(LatexCitationScanner.MulticiteCommands)
            .Concat(CitationScanner.NormaliseMacros(customCiteMacros));
        string? name = null;
        foreach (var candidate in names)
        {
            if (candidate.StartsWith(typed, StringComparison.Ordinal)
                && (name is null || candidate.Length < name.Length || (candidate.Length == name.Length && string.CompareOrdinal(candidate, name) < 0)))
            {
                name = candidate;
            }
        }

        if (name is null || (starred && name.Length != typed.Length))
        {
            return null;
        }

        var rest = name[typed.Length..];
        return new AnticipatedSlot(rest + "{}", rest.Length + 1);
    }

    private static AnticipatedSlot? Typst(ChunkedText text, int offset, char next)
    {
        const string Call = "#cite(";
        var start = offset;
        while (start > 0 && offset - start < Call.Length && text[start - 1] != '#')
        {
            start--;
        }

        if (start == 0 || text[start - 1] != '#')
        {
            return null;
        }

        var typed = "#" + text.Substring(start, offset - start);
        if (typed.Length < 3 || !Call.StartsWith(typed, StringComparison.Ordinal))
        {
            return null; // "#c" alone is too many other functions
        }

        var rest = Call[typed.Length..];
        return next == ')' && rest.Length == 0
            ? new AnticipatedSlot("<>", 1)
            : new AnticipatedSlot(rest + "<>)", rest.Length + 1);
    }

    private static AnticipatedSlot? Pandoc(ChunkedText text, int offset)
    {
        if (text[offset - 1] != '[' || (offset >= 2 && !char.IsWhiteSpace(text[offset - 2])))
        {
            return null; // a bracketed citation opens after a space (or at the start of the text)
        }

        return new AnticipatedSlot("@", 1);
    }
}
