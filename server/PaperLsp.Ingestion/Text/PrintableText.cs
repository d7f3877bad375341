using System.Globalization;
using System.Text;

namespace PaperLsp.Ingestion.Text;

/// <summary>Makes text safe to print: control, format and undecodable characters become visible escapes.</summary>
public static class PrintableText
{
    /// <summary>
    /// The text with C0/C1 controls (tab and newline included), DEL, format characters (bidi overrides, zero-width),
    /// lone surrogates and U+FFFD written as <c>\xNN</c> or <c>\u{NNNN}</c>; everything else unchanged.
    /// </summary>
    public static string Escape(string text)
    {
        if (!NeedsEscape(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(ch).Append(text[++i]);
            }
            else if (IsUnsafe(ch))
            {
                builder.Append(ch <= '\u00ff'
                    ? string.Create(CultureInfo.InvariantCulture, $"\\x{(int)ch:x2}")
                    : string.Create(CultureInfo.InvariantCulture, $"\\u{{{(int)ch:x4}}}"));
            }
            else
            {
                builder.Append(ch);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(ch))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(char ch) =>
        char.IsControl(ch) || char.IsSurrogate(ch) || ch == '\uFFFD' || CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.Format;
}
