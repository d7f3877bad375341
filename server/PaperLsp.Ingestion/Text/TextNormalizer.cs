using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;

namespace PaperLsp.Ingestion.Text;

/// <summary>
/// Turns titles and abstracts as found in sources (LaTeX, HTML entities, hard line breaks) into display text.
/// <list type="bullet">
/// <item>LaTeX accents become precomposed Unicode (<c>{\"o}</c> → ö, <c>\'e</c> → é); escapes (<c>\&amp;</c>, <c>\%</c>) become the character.</item>
/// <item>Formatting commands keep their argument (<c>\textbf{X}</c> → X); size/style switches (<c>\it</c>, <c>\scriptsize</c>) vanish;
/// known symbols render (<c>\alpha</c> → α, <c>\leq</c> → ≤); unknown macros keep their name without the backslash (<c>\tool</c> → tool).</item>
/// <item>Math is kept readable as plain text: <c>$</c> delimiters, <c>_</c>/<c>^</c> markers and grouping braces are dropped,
/// so <c>H$_2$O</c> → <c>H2O</c> (deliberately ASCII digits, not Unicode subscripts, so search and keys stay simple).
/// Underscores outside math are kept (<c>float8_e4m3</c>).</item>
/// <item>HTML entities are decoded, including bare remnants such as <c>componentsx2013such</c> (→ en dash) when glued between letters.</item>
/// <item><c>--</c>/<c>---</c> become en/em dashes, TeX quotes become typographic quotes, whitespace runs (hard line breaks) collapse to one space.</item>
/// </list>
/// </summary>
public static class TextNormalizer
{
    private static readonly SearchValues<char> SpecialChars = SearchValues.Create("\\$&{}~\n\r\t\u00a0`'-x\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000c\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    /// <summary>Display text for a title or abstract; never null, empty for null input.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (IsAlreadyClean(text))
        {
            return text;
        }

        var decoded = text.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(text) : text;
        var builder = new StringBuilder(decoded.Length);
        LatexRenderer.Render(decoded, builder);
        return builder.ToString();
    }

    /// <summary>
    /// Whether <paramref name="raw"/> differs from its normalised form in more than whitespace: used to decide whether to keep
    /// the original text in <c>RawTitle</c>/<c>RawAbstract</c>.
    /// </summary>
    public static bool ChangedBeyondWhitespace(string raw, string normalized)
    {
        if (raw.Length == normalized.Length && string.Equals(raw, normalized, StringComparison.Ordinal))
        {
            return false;
        }

        int i = 0, j = 0;
        while (true)
        {
            while (i < raw.Length && char.IsWhiteSpace(raw[i]))
            {
                i++;
            }

            while (j < normalized.Length && char.IsWhiteSpace(normalized[j]))
            {
                j++;
            }

            if (i >= raw.Length || j >= normalized.Length)
            {
                return i < raw.Length || j < normalized.Length;
            }

            if (raw[i] != normalized[j])
            {
                return true;
            }

            i++;
            j++;
        }
    }

    /// <summary>
    /// Folds text to lower-case ASCII letters and digits for keys: diacritics removed (é → e, ß → ss, ø → o),
    /// everything that is not a letter or digit dropped. Words are separated by one space when <paramref name="keepSpaces"/>.
    /// </summary>
    public static string FoldToAscii(string text, bool keepSpaces)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var original in text)
        {
            var c = LatinLetters.FoldToBase(original) ?? original;
            if (c < 128)
            {
                if (char.IsAsciiLetterOrDigit(c))
                {
                    if (pendingSpace && builder.Length > 0)
                    {
                        builder.Append(' ');
                    }

                    pendingSpace = false;
                    builder.Append(char.ToLowerInvariant(c));
                }
                else if (keepSpaces && (char.IsWhiteSpace(c) || c == '-' || c == '/'))
                {
                    pendingSpace = true;
                }

                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            var digit = CharUnicodeInfo.GetDigitValue(c);
            if (digit is >= 0 and <= 9)
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append((char)('0' + digit));
                continue;
            }

            var replacement = c switch
            {
                'ß' => "ss",
                'ø' or 'Ø' => "o",
                'æ' or 'Æ' => "ae",
                'œ' or 'Œ' => "oe",
                'ł' or 'Ł' => "l",
                'đ' or 'Đ' or 'ð' or 'Ð' => "d",
                'þ' or 'Þ' => "th",
                'ı' => "i",
                _ => null,
            };
            if (replacement is not null)
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(replacement);
            }
            else if (keepSpaces && char.IsWhiteSpace(c))
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    private static bool IsAlreadyClean(string text)
    {
        var span = text.AsSpan();
        var index = span.IndexOfAny(SpecialChars);
        while (index >= 0)
        {
            var c = span[index];
            switch (c)
            {
                case '-':
                    if (index + 1 < span.Length && span[index + 1] == '-')
                    {
                        return false;
                    }

                    break;
                case '\'':
                    if (index + 1 < span.Length && span[index + 1] == '\'')
                    {
                        return false;
                    }

                    break;
                case 'x':
                    if (index + 4 < span.Length && span[index + 1] == '2' && span[index + 2] == '0')
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }

            var next = span[(index + 1)..].IndexOfAny(SpecialChars);
            index = next < 0 ? -1 : index + 1 + next;
        }

        return !text.Contains("  ", StringComparison.Ordinal) && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]);
    }
}
