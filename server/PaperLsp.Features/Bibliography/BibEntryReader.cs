namespace PaperLsp.Features.Bibliography;

/// <summary>
/// A tolerant reader of .bib text that keeps exact entry offsets (what go-to-definition and appending need).
/// Malformed entries are skipped up to the next line starting with '@'; it never throws on bad input.
/// </summary>
internal static class BibEntryReader
{
    public static List<BibEntryRecord> Read(string text, List<string>? problems = null)
    {
        var entries = new List<BibEntryRecord>();
        var i = 0;
        var line = 1;
        var lineCountedTo = 0;
        while (i < text.Length)
        {
            var at = text.IndexOf('@', i);
            if (at < 0)
            {
                break;
            }

            line += CountNewlines(text, lineCountedTo, at);
            lineCountedTo = at;
            var k = at + 1;
            while (k < text.Length && char.IsWhiteSpace(text[k]))
            {
                k++;
            }

            var typeStart = k;
            while (k < text.Length && (char.IsAsciiLetterOrDigit(text[k]) || text[k] is '_' or '-'))
            {
                k++;
            }

            var type = text[typeStart..k].ToLowerInvariant();
            while (k < text.Length && char.IsWhiteSpace(text[k]))
            {
                k++;
            }

            if (type.Length == 0 || k >= text.Length || text[k] is not ('{' or '('))
            {
                i = at + 1;
                continue;
            }

            var closeChar = text[k] == '{' ? '}' : ')';
            var end = FindEntryEnd(text, k, closeChar);
            if (type is "comment" or "preamble" or "string")
            {
                i = end;
                continue;
            }

            var entry = ParseBody(text, at, k + 1, end, closeChar, type, line);
            if (entry is null)
            {
                problems?.Add($"line {line}: malformed @{type} entry skipped");
            }
            else
            {
                entries.Add(entry);
            }

            i = Math.Max(end, at + 1);
        }

        return entries;
    }

    private static int CountNewlines(string text, int from, int to)
    {
        var count = 0;
        for (var k = from; k < to; k++)
        {
            if (text[k] == '\n')
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Index just after the delimiter closing the entry; for an unbalanced entry, the start of the next line beginning with '@' (or the end).</summary>
    private static int FindEntryEnd(string text, int open, char closeChar)
    {
        var depth = 0;
        var inQuotes = false;
        for (var k = open; k < text.Length; k++)
        {
            var ch = text[k];
            if (ch == '\\')
            {
                k++;
                continue;
            }

            if (ch == '\n' && k + 1 < text.Length && text[k + 1] == '@' && (depth > 1 || inQuotes))
            {
                return k + 1; // unbalanced: resynchronise at the next entry
            }

            if (ch == '"' && depth == 1 && closeChar == '}')
            {
                inQuotes = !inQuotes;
            }
            else if (ch == '{' || (ch == '(' && k == open))
            {
                depth++;
            }
            else if (ch == '}' || (ch == ')' && closeChar == ')' && depth == 1))
            {
                depth--;
                if (depth == 0)
                {
                    return k + 1;
                }
            }
        }

        return text.Length;
    }

    private static BibEntryRecord? ParseBody(string text, int start, int bodyStart, int end, char closeChar, string type, int line)
    {
        var limit = end > bodyStart && end <= text.Length && text[end - 1] == closeChar ? end - 1 : end;
        var comma = text.IndexOf(',', bodyStart, limit - bodyStart);
        var keyEnd = comma < 0 ? limit : comma;
        var key = text[bodyStart..keyEnd].Trim();
        if (key.Length == 0 || key.Any(char.IsWhiteSpace) || key.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var k = comma < 0 ? limit : comma + 1;
        while (k < limit)
        {
            while (k < limit && (char.IsWhiteSpace(text[k]) || text[k] == ','))
            {
                k++;
            }

            var nameStart = k;
            while (k < limit && (char.IsLetterOrDigit(text[k]) || text[k] is '_' or '-' or ':' or '.' or '+'))
            {
                k++;
            }

            var name = text[nameStart..k];
            while (k < limit && char.IsWhiteSpace(text[k]))
            {
                k++;
            }

            if (name.Length == 0 || k >= limit || text[k] != '=')
            {
                // skip garbage up to the next comma
                var next = text.IndexOf(',', k, limit - k);
                k = next < 0 ? limit : next + 1;
                continue;
            }

            k++;
            var value = new System.Text.StringBuilder();
            while (true)
            {
                while (k < limit && char.IsWhiteSpace(text[k]))
                {
                    k++;
                }

                if (k >= limit)
                {
                    break;
                }

                if (text[k] == '{')
                {
                    var close = MatchBrace(text, k, limit);
                    value.Append(text, k + 1, close - k - 1);
                    k = Math.Min(limit, close + 1);
                }
                else if (text[k] == '"')
                {
                    var close = MatchQuote(text, k, limit);
                    value.Append(text, k + 1, close - k - 1);
                    k = Math.Min(limit, close + 1);
                }
                else
                {
                    var wordStart = k;
                    while (k < limit && !char.IsWhiteSpace(text[k]) && text[k] is not (',' or '#'))
                    {
                        k++;
                    }

                    value.Append(text, wordStart, k - wordStart);
                }

                while (k < limit && char.IsWhiteSpace(text[k]))
                {
                    k++;
                }

                if (k < limit && text[k] == '#')
                {
                    k++;
                    continue;
                }

                break;
            }

            fields.TryAdd(name, value.ToString());
        }

        return new BibEntryRecord(key, type, fields, start, end, line);
    }

    private static int MatchBrace(string text, int open, int limit)
    {
        var depth = 0;
        for (var k = open; k < limit; k++)
        {
            if (text[k] == '\\')
            {
                k++;
            }
            else if (text[k] == '{')
            {
                depth++;
            }
            else if (text[k] == '}' && --depth == 0)
            {
                return k;
            }
        }

        return limit;
    }

    private static int MatchQuote(string text, int open, int limit)
    {
        var depth = 0;
        for (var k = open + 1; k < limit; k++)
        {
            switch (text[k])
            {
                case '\\':
                    k++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    break;
                case '"' when depth <= 0:
                    return k;
            }
        }

        return limit;
    }
}
