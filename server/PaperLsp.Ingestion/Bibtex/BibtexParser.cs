using System.Globalization;
using System.Text;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;
using PaperLsp.Ingestion.Parsers;
using PaperLsp.Ingestion.Text;

namespace PaperLsp.Ingestion.Bibtex;

/// <summary>
/// Tolerant BibTeX parser for corpus ingestion and for the editor's workspace .bib files. Handles @string macros (and the
/// predefined month macros), nested braces, quoted values, <c>#</c> concatenation, @comment/@preamble, text outside entries,
/// parenthesised entries, and OpenReview/ACL/Google Scholar/arXiv export styles. A broken entry is reported as a
/// <see cref="ParseProblem"/> and parsing resumes at the next line that starts with '@'. Never throws for content errors.
/// </summary>
public sealed class BibtexParser : IPaperSourceParser
{
    private static readonly Dictionary<string, string> MonthMacros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = "January", ["feb"] = "February", ["mar"] = "March", ["apr"] = "April", ["may"] = "May", ["jun"] = "June",
        ["jul"] = "July", ["aug"] = "August", ["sep"] = "September", ["oct"] = "October", ["nov"] = "November", ["dec"] = "December",
    };

    private readonly string text;
    private readonly string path;
    private readonly List<BibtexEntry> entries = [];
    private readonly List<ParseProblem> problems = [];
    private readonly Dictionary<string, string> strings = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<BibtexStringDefinition> definitions = [];

    /// <summary>The macros used by the values read since it was last emptied (the command being parsed).</summary>
    private readonly List<string> usedMacros = [];
    private readonly List<int> lineStarts = [0];
    private int lineScanEnd;

    /// <summary>Creates a parser usable through <see cref="IPaperSourceParser"/> (for the static API use <see cref="Parse(string, string)"/>).</summary>
    public BibtexParser()
        : this("", "")
    {
    }

    private BibtexParser(string text, string path)
    {
        this.text = text;
        this.path = path;
    }

    /// <inheritdoc />
    public SourceFormat Format => SourceFormat.Bibtex;

    /// <summary>Parses a whole .bib text.</summary>
    public static BibtexFile Parse(string text, string path)
    {
        var parser = new BibtexParser(text ?? "", path ?? "");
        parser.ParseAll();
        return new BibtexFile(parser.path, parser.entries, parser.strings, parser.problems) { StringDefinitions = parser.definitions };
    }

    /// <inheritdoc />
    public IEnumerable<Paper> Parse(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        var content = StreamText.ReadAll(stream, path, onProblem);
        var file = Parse(content, path);
        foreach (var problem in file.Problems)
        {
            onProblem(problem);
        }

        foreach (var entry in file.Entries)
        {
            var paper = ToPaper(entry, path, onProblem);
            if (paper is not null)
            {
                yield return paper;
            }
        }
    }

    /// <summary>
    /// Converts an entry to a <see cref="Paper"/>: title/authors normalised, arXiv id from eprint/url/journal/note/DOI, DOI, year,
    /// venue (journal/booktitle; "arXiv" for arXiv preprints), and <c>BibKey</c>, <c>BibType</c>, <c>BibEntryText</c> set.
    /// Null (with a problem reported) when the entry has no title.
    /// </summary>
    public static Paper? ToPaper(BibtexEntry entry, string path, Action<ParseProblem>? onProblem = null)
    {
        var rawTitle = entry.Get("title");
        if (string.IsNullOrWhiteSpace(rawTitle))
        {
            onProblem?.Invoke(new ParseProblem(path, entry.Line, $"BibTeX entry '{entry.Key}' has no title; skipped"));
            return null;
        }

        var journal = entry.Get("journal") ?? entry.Get("journaltitle");
        var arxivId = FindArxivId(entry, journal);
        var venueRaw = journal ?? entry.Get("booktitle");
        string? venue = venueRaw is null ? null : TextNormalizer.Normalize(venueRaw);
        if (venue is not null && arxivId is not null && venue.StartsWith("arXiv", StringComparison.OrdinalIgnoreCase))
        {
            venue = "arXiv";
        }

        var year = ParseYear(entry.Get("year")) ?? ParseYear(entry.Get("date"));
        var doi = PaperIdentity.NormalizeDoi(entry.Get("doi"));
        var rawAbstract = entry.Get("abstract") ?? "";
        var keywords = (entry.Get("keywords") ?? "")
            .Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(TextNormalizer.Normalize)
            .Where(k => k.Length > 0)
            .ToList();
        var url = entry.Get("url");
        return PaperText.Create(
            rawTitle,
            rawAbstract,
            new PaperSource(path, SourceFormat.Bibtex, entry.Line)) with
        {
            Authors = SplitAuthors(entry.Get("author") ?? ""),
            Year = year,
            Date = BuildDate(year, entry.Get("month"), entry.Get("date")),
            ArxivId = arxivId,
            Doi = doi,
            Venue = string.IsNullOrWhiteSpace(venue) ? null : venue,
            Url = string.IsNullOrWhiteSpace(url) ? null : url.Trim(),
            Keywords = keywords,
            PrimaryClass = arxivId is null ? null : ArxivCategory.Normalize(entry.Get("primaryclass")),
            BibKey = entry.Key,
            BibType = entry.EntryType,
            BibEntryText = entry.RawText,
        };
    }

    /// <summary>Splits a BibTeX author/editor field on top-level " and " into display names ("Last, First" → "First Last"); "others" dropped.</summary>
    public static IReadOnlyList<string> SplitAuthors(string field)
    {
        var names = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (depth == 0 && char.IsWhiteSpace(c) && i + 4 < field.Length
                && (field[i + 1] == 'a' || field[i + 1] == 'A') && (field[i + 2] == 'n' || field[i + 2] == 'N')
                && (field[i + 3] == 'd' || field[i + 3] == 'D') && char.IsWhiteSpace(field[i + 4]))
            {
                AddName(field[start..i], names);
                start = i + 4;
                i += 3;
            }
        }

        AddName(field[start..], names);
        return names;
    }

    private static void AddName(string raw, List<string> names)
    {
        var trimmed = raw.Trim();
        if (trimmed.Length == 0 || trimmed.Equals("others", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var parts = SplitTopLevelCommas(trimmed);
        var ordered = parts.Count switch
        {
            1 => parts[0],
            2 => parts[1] + " " + parts[0],
            _ => parts[2] + " " + parts[0] + " " + parts[1],
        };
        var display = TextNormalizer.Normalize(ordered);
        if (display.Length > 0)
        {
            names.Add(display);
        }
    }

    private static List<string> SplitTopLevelCommas(string name)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] == '{')
            {
                depth++;
            }
            else if (name[i] == '}')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if (name[i] == ',' && depth == 0)
            {
                parts.Add(name[start..i].Trim());
                start = i + 1;
            }
        }

        parts.Add(name[start..].Trim());
        return parts.Where(p => p.Length > 0).ToList() is { Count: > 0 } nonEmpty ? nonEmpty : [name];
    }

    private static string? FindArxivId(BibtexEntry entry, string? journal)
    {
        var eprint = entry.Get("eprint");
        var prefix = entry.Get("archiveprefix") ?? entry.Get("eprinttype");
        if (eprint is not null && (prefix is null || prefix.Contains("arxiv", StringComparison.OrdinalIgnoreCase))
            && ArxivId.TryParse(eprint, out var id, out _))
        {
            return id;
        }

        foreach (var candidate in new[] { entry.Get("url"), journal, entry.Get("note"), entry.Get("howpublished"), entry.Get("doi"), entry.Get("volume") })
        {
            if (candidate is not null && candidate.Contains("arxiv", StringComparison.OrdinalIgnoreCase) && ArxivId.TryFind(candidate, out id, out _))
            {
                return id;
            }
        }

        return null;
    }

    private static int? ParseYear(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        for (var i = 0; i + 4 <= value.Length; i++)
        {
            if (char.IsAsciiDigit(value[i]) && (i == 0 || !char.IsAsciiDigit(value[i - 1]))
                && int.TryParse(value.AsSpan(i, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                && (i + 4 == value.Length || !char.IsAsciiDigit(value[i + 4])) && year is >= 1000 and <= 2999)
            {
                return year;
            }
        }

        return null;
    }

    private static string? BuildDate(int? year, string? month, string? date)
    {
        if (!string.IsNullOrWhiteSpace(date) && date.Trim().Length >= 4)
        {
            return date.Trim();
        }

        if (year is null)
        {
            return null;
        }

        var y = year.Value.ToString(CultureInfo.InvariantCulture);
        var m = MonthNumber(month);
        return m is null ? y : $"{y}-{m.Value:00}";
    }

    private static int? MonthNumber(string? month)
    {
        if (string.IsNullOrWhiteSpace(month))
        {
            return null;
        }

        var value = month.Trim();
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number is >= 1 and <= 12 ? number : null;
        }

        var index = 1;
        foreach (var name in MonthMacros.Values)
        {
            if (value.Length >= 3 && name.StartsWith(value[..3], StringComparison.OrdinalIgnoreCase))
            {
                return index;
            }

            index++;
        }

        return null;
    }

    private void ParseAll()
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var at = text.IndexOf('@', pos);
            if (at < 0)
            {
                break;
            }

            pos = ParseAt(at);
        }
    }

    /// <summary>Parses what starts at '@'; returns where to continue.</summary>
    private int ParseAt(int at)
    {
        var i = at + 1;
        var typeStart = i;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '-'))
        {
            i++;
        }

        if (i == typeStart || !char.IsAsciiLetter(text[typeStart]))
        {
            return at + 1;
        }

        var type = text[typeStart..i].ToLowerInvariant();
        i = SkipWhitespace(i);
        if (i >= text.Length || (text[i] != '{' && text[i] != '('))
        {
            // Stray '@' (an e-mail address in a comment, say): BibTeX ignores it, and so do we.
            return at + 1;
        }

        var close = text[i] == '{' ? '}' : ')';
        try
        {
            switch (type)
            {
                case "comment":
                    return SkipBalanced(i);
                case "preamble":
                    return SkipBalanced(i);
                case "string":
                    return ParseString(at, i + 1, close);
                default:
                    return ParseEntry(at, type, i + 1, close);
            }
        }
        catch (BibtexSyntaxException error)
        {
            // Reported on the entry's first line (where an editor shows it), naming the line where the error was seen.
            var entryLine = LineOf(at);
            var errorLine = LineOf(error.Offset);
            var message = errorLine == entryLine ? error.Message : $"{error.Message} (detected at line {errorLine})";
            problems.Add(new ParseProblem(path, entryLine, message, error.Offset));
            return NextEntryStart(Math.Max(error.Offset, at + 1));
        }
    }

    private int ParseString(int at, int i, char close)
    {
        var fields = new List<KeyValuePair<string, string>>();
        usedMacros.Clear();
        var end = ParseFields(i, close, fields, "@string");
        foreach (var (name, value) in fields)
        {
            strings[name] = value;
        }

        definitions.Add(new BibtexStringDefinition([.. fields.Select(f => f.Key)], [.. usedMacros], at, end, text[at..end]));
        return end;
    }

    private int ParseEntry(int at, string type, int i, char close)
    {
        i = SkipWhitespace(i);
        var keyStart = i;
        var keyDepth = 0;
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '=')
        {
            var k = text[i];
            if (keyDepth == 0 && (k == ',' || k == close))
            {
                break;
            }

            // Keys such as armengol-estap{\'e}2024forklift (OpenReview exports) carry balanced braces.
            keyDepth += k == '{' ? 1 : k == '}' ? -1 : 0;
            if (keyDepth < 0)
            {
                break;
            }

            i++;
        }

        var key = text[keyStart..i];
        i = SkipWhitespace(i);
        if (i < text.Length && text[i] == '=')
        {
            // No key at all: "@article{ title = ..." — report, then read the fields anyway.
            problems.Add(new ParseProblem(path, LineOf(at), $"@{type} entry has no citation key", at));
            i = keyStart;
            key = "";
        }
        else if (i < text.Length && text[i] == ',')
        {
            i++;
        }
        else if (i < text.Length && text[i] == close)
        {
            // An entry with only a key.
        }
        else
        {
            throw new BibtexSyntaxException(i, $"@{type}{{{Shorten(key)}: expected ',' after the citation key");
        }

        var fields = new List<KeyValuePair<string, string>>();
        usedMacros.Clear();
        var end = ParseFields(i, close, fields, key.Length > 0 ? key : "@" + type);
        var dictionary = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in fields)
        {
            if (!dictionary.TryAdd(name, value))
            {
                problems.Add(new ParseProblem(path, LineOf(at), $"Entry '{key}' has the field '{name}' twice; the first is kept", at));
            }
        }

        if (key.Length > 0 && !keys.Add(key))
        {
            problems.Add(new ParseProblem(path, LineOf(at), $"Duplicate citation key '{key}'", at));
        }

        entries.Add(new BibtexEntry(key, type, dictionary, at, end, LineOf(at), text[at..end]) { Macros = [.. usedMacros] });
        return end;
    }

    /// <summary>Reads "name = value [# value]…" assignments until the closing delimiter; returns the offset after it.</summary>
    private int ParseFields(int i, char close, List<KeyValuePair<string, string>> fields, string owner)
    {
        while (true)
        {
            i = SkipWhitespace(i);
            if (i >= text.Length)
            {
                throw new BibtexSyntaxException(text.Length, $"'{Shorten(owner)}' is not closed before the end of the file");
            }

            var c = text[i];
            if (c == close)
            {
                return i + 1;
            }

            if (c == ',')
            {
                i++;
                continue;
            }

            if (c == '@' && IsAtLineStart(i))
            {
                throw new BibtexSyntaxException(i, $"'{Shorten(owner)}' is not closed before the next entry");
            }

            var nameStart = i;
            while (i < text.Length && IsNameChar(text[i]))
            {
                i++;
            }

            if (i == nameStart)
            {
                throw new BibtexSyntaxException(i, $"Unexpected '{text[i]}' in '{Shorten(owner)}'");
            }

            var name = text[nameStart..i].ToLowerInvariant();
            i = SkipWhitespace(i);
            if (i >= text.Length || text[i] != '=')
            {
                throw new BibtexSyntaxException(i, $"Expected '=' after field '{name}' in '{Shorten(owner)}'");
            }

            i = SkipWhitespace(i + 1);
            var value = new StringBuilder();
            while (true)
            {
                i = ParseValuePart(i, close, value, owner);
                i = SkipWhitespace(i);
                if (i < text.Length && text[i] == '#')
                {
                    i = SkipWhitespace(i + 1);
                    continue;
                }

                break;
            }

            fields.Add(new KeyValuePair<string, string>(name, value.ToString()));
            if (i < text.Length && text[i] != ',' && text[i] != close)
            {
                if (IsNameChar(text[i]) && !(text[i] == '@'))
                {
                    problems.Add(new ParseProblem(path, LineOf(i), $"Missing ',' after field '{name}' in '{Shorten(owner)}'", i));
                    continue;
                }

                throw new BibtexSyntaxException(i, $"Expected ',' or '{close}' after field '{name}' in '{Shorten(owner)}'");
            }
        }
    }

    private int ParseValuePart(int i, char close, StringBuilder value, string owner)
    {
        if (i >= text.Length)
        {
            throw new BibtexSyntaxException(text.Length, $"Missing value in '{Shorten(owner)}' at the end of the file");
        }

        var c = text[i];
        if (c == '{' || c == '"')
        {
            var depth = 0;
            var start = i + 1;
            for (var j = i + 1; j < text.Length; j++)
            {
                var d = text[j];
                if (d == '\\')
                {
                    j++;
                    continue;
                }

                if (d == '{')
                {
                    depth++;
                }
                else if (d == '}')
                {
                    if (depth == 0)
                    {
                        if (c == '{')
                        {
                            value.Append(text, start, j - start);
                            return j + 1;
                        }

                        throw new BibtexSyntaxException(j, $"Unbalanced '}}' in a quoted value of '{Shorten(owner)}'");
                    }

                    depth--;
                }
                else if (d == '"' && c == '"' && depth == 0)
                {
                    value.Append(text, start, j - start);
                    return j + 1;
                }
                else if (d == '\n' && LooksLikeEntryStart(j + 1))
                {
                    throw new BibtexSyntaxException(j + 1, $"Unbalanced braces in '{Shorten(owner)}': the value runs into the next entry");
                }
            }

            throw new BibtexSyntaxException(text.Length, $"Unterminated value in '{Shorten(owner)}'");
        }

        if (char.IsAsciiDigit(c))
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            value.Append(text, start, i - start);
            return i;
        }

        if (IsNameChar(c))
        {
            var start = i;
            while (i < text.Length && IsNameChar(text[i]))
            {
                i++;
            }

            var macro = text[start..i];
            if (!usedMacros.Contains(macro, StringComparer.OrdinalIgnoreCase))
            {
                usedMacros.Add(macro);
            }

            if (strings.TryGetValue(macro, out var expansion) || MonthMacros.TryGetValue(macro, out expansion))
            {
                value.Append(expansion);
            }
            else
            {
                problems.Add(new ParseProblem(path, LineOf(start), $"Undefined @string macro '{Shorten(macro)}' in '{Shorten(owner)}'", start));
                value.Append(macro);
            }

            return i;
        }

        _ = close;
        throw new BibtexSyntaxException(i, $"Unexpected '{c}' where a value was expected in '{Shorten(owner)}'");
    }

    private int SkipBalanced(int open)
    {
        var openChar = text[open];
        var closeChar = openChar == '{' ? '}' : ')';
        var depth = 0;
        for (var j = open; j < text.Length; j++)
        {
            var c = text[j];
            if (c == openChar || (openChar == '(' && c == '{'))
            {
                depth++;
            }
            else if (c == closeChar || (openChar == '(' && c == '}'))
            {
                depth--;
                if (depth == 0)
                {
                    return j + 1;
                }
            }
            else if (c == '\n' && LooksLikeEntryStart(j + 1))
            {
                return j + 1;
            }
        }

        return text.Length;
    }

    private bool LooksLikeEntryStart(int i)
    {
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r'))
        {
            i++;
        }

        if (i >= text.Length || text[i] != '@')
        {
            return false;
        }

        var j = i + 1;
        while (j < text.Length && char.IsAsciiLetter(text[j]))
        {
            j++;
        }

        if (j == i + 1)
        {
            return false;
        }

        j = SkipWhitespace(j);
        return j < text.Length && (text[j] == '{' || text[j] == '(');
    }

    private bool IsAtLineStart(int i)
    {
        for (var j = i - 1; j >= 0; j--)
        {
            if (text[j] == '\n')
            {
                return true;
            }

            if (text[j] != ' ' && text[j] != '\t' && text[j] != '\r')
            {
                return false;
            }
        }

        return true;
    }

    private int NextEntryStart(int from)
    {
        for (var i = Math.Min(from, text.Length); i < text.Length; i++)
        {
            if (text[i] == '@' && IsAtLineStart(i) && LooksLikeEntryStart(i))
            {
                return i;
            }
        }

        return text.Length;
    }

    private static bool IsNameChar(char c) =>
        !char.IsWhiteSpace(c) && c is not ('=' or ',' or '{' or '}' or '(' or ')' or '"' or '#' or '%' or '\'') && !char.IsControl(c);

    private int SkipWhitespace(int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private int LineOf(int offset)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        while (lineScanEnd < offset)
        {
            var next = text.IndexOf('\n', lineScanEnd);
            if (next < 0)
            {
                lineScanEnd = text.Length;
                break;
            }

            lineStarts.Add(next + 1);
            lineScanEnd = next + 1;
        }

        var index = lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
