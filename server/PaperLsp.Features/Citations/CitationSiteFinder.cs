using PaperLsp.Features.Text;

namespace PaperLsp.Features.Citations;

/// <summary>Finds the citation key slot under the cursor, if any.</summary>
public static class CitationSiteFinder
{
    /// <summary>
    /// The citation key slot that contains <paramref name="offset"/> (a char offset into <paramref name="text"/>),
    /// or null when the cursor is not where a citation key goes (outside cite commands, in an optional
    /// argument, in a comment, in code, in an e-mail address).
    /// </summary>
    public static CitationSite? Find(string text, int offset, DocumentLanguage language, IEnumerable<string>? customCiteMacros = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (offset < 0 || offset > text.Length)
        {
            return null;
        }

        if (language == DocumentLanguage.Latex && LatexCitationScanner.IsInComment(text, offset))
        {
            return null;
        }

        foreach (var command in CitationScanner.FindAround(text, language, customCiteMacros, offset, offset))
        {
            if (command.Start > offset)
            {
                break;
            }

            if (command.End < offset)
            {
                continue;
            }

            for (var index = 0; index < command.Keys.Count; index++)
            {
                var slot = command.Keys[index];
                if (offset < slot.SlotStart || offset > slot.SlotEnd)
                {
                    continue;
                }

                var others = command.Keys.Where((k, i) => i != index && k.Key.Length > 0).Select(k => k.Key).ToList();
                if (slot.Key.Length == 0)
                {
                    return new CitationSite(command.Syntax, command.CommandName, offset, offset, "", "", others, command);
                }

                if (offset < slot.Start || offset > slot.End)
                {
                    // In the blank before or after a complete key: no key goes here (completing would replace text
                    // that does not contain the cursor, or join two keys).
                    return null;
                }

                return new CitationSite(command.Syntax, command.CommandName, slot.Start, slot.End, text[slot.Start..offset], slot.Key, others, command);
            }
        }

        return null;
    }
}
