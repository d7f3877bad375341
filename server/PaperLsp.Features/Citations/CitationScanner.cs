using System.Runtime.CompilerServices;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Citations;

/// <summary>Finds every citation construct of a document, in document order.</summary>
public static class CitationScanner
{
    /// <summary>
    /// All citations of <paramref name="text"/>. <paramref name="customCiteMacros"/> are extra LaTeX command names
    /// (with or without the backslash) that take one key list like <c>\cite</c>.
    /// </summary>
    /// <remarks>
    /// The citations of a long text are remembered while the text lives (one document version is asked for its
    /// citations by completion, code actions, diagnostics and hover warming).
    /// </remarks>
    public static IReadOnlyList<CitationCommand> FindAll(string text, DocumentLanguage language, IEnumerable<string>? customCiteMacros = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var macros = NormaliseMacros(customCiteMacros);
        if (text.Length < MemoMinLength)
        {
            return Scan(text, language, macros);
        }

        var signature = language + ":" + string.Join(',', macros.Order(StringComparer.Ordinal));
        if (Memos.TryGetValue(text, out var memo) && memo.Signature == signature)
        {
            return memo.Commands;
        }

        var commands = Scan(text, language, macros).ToArray();
        Memos.AddOrUpdate(text, new CitationScanMemo(signature, commands));
        return commands;
    }

    private const int MemoMinLength = 16_384;

    private static readonly ConditionalWeakTable<string, CitationScanMemo> Memos = new();

    private static IReadOnlyList<CitationCommand> Scan(string text, DocumentLanguage language, HashSet<string> macros) => language switch
    {
        DocumentLanguage.Latex => LatexCitationScanner.Scan(text, macros),
        DocumentLanguage.Typst => TypstCitationScanner.Scan(text),
        _ => PandocCitationScanner.Scan(text),
    };

    /// <summary>
    /// Citations that can overlap [from, to): LaTeX scans only the surrounding paragraphs; other syntaxes scan the whole
    /// text (code fences span paragraphs) unless it is longer than <see cref="MarkupWholeScanLimit"/>, then a window
    /// reaching <see cref="MarkupReach"/> around [from, to) that starts where <see cref="MarkupLineCut"/> allows.
    /// </summary>
    internal static IReadOnlyList<CitationCommand> FindAround(string text, DocumentLanguage language, IEnumerable<string>? customCiteMacros, int from, int to)
    {
        if (language != DocumentLanguage.Latex)
        {
            if (text.Length <= MarkupWholeScanLimit)
            {
                return FindAll(text, language, customCiteMacros);
            }

            var start = Math.Min(from, MarkupLineCut.ScanStart(ChunkedText.Of(text), from - MarkupReach, language));
            var end = Math.Min(text.Length, Math.Max(to, from) + MarkupReach);
            var window = text[start..end];
            return Scan(window, language, []).Select(c => Shifted(c, start)).ToList();
        }

        var paragraphStart = LatexCitationScanner.ParagraphWindow(text, from).Start;
        var paragraphEnd = LatexCitationScanner.ParagraphWindow(text, to).End;
        return LatexCitationScanner.Scan(text, NormaliseMacros(customCiteMacros), paragraphStart, paragraphEnd);
    }

    /// <summary>Markdown/Typst texts up to this length are scanned whole around a cursor.</summary>
    internal const int MarkupWholeScanLimit = 100_000;

    /// <summary>How far around a cursor a longer Markdown/Typst text is scanned.</summary>
    internal const int MarkupReach = 20_000;

    /// <summary>The command with every offset moved by <paramref name="by"/> (a window's start).</summary>
    internal static CitationCommand Shifted(CitationCommand command, int by) => by == 0
        ? command
        : command with
        {
            Start = command.Start + by,
            End = command.End + by,
            Keys = command.Keys.Select(k => k with { Start = k.Start + by, End = k.End + by, SlotStart = k.SlotStart + by, SlotEnd = k.SlotEnd + by }).ToList(),
        };

    /// <summary>The distinct non-empty keys cited in the document, in order of first appearance.</summary>
    public static IReadOnlyList<string> CitedKeys(string text, DocumentLanguage language, IEnumerable<string>? customCiteMacros = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var command in FindAll(text, language, customCiteMacros))
        {
            foreach (var key in command.Keys)
            {
                if (key.Key.Length > 0 && seen.Add(key.Key))
                {
                    keys.Add(key.Key);
                }
            }
        }

        return keys;
    }

    internal static HashSet<string> NormaliseMacros(IEnumerable<string>? macros)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var macro in macros ?? [])
        {
            var name = macro.Trim().TrimStart('\\').TrimEnd('*');
            if (name.Length > 0 && name.All(char.IsAsciiLetter))
            {
                set.Add(name);
            }
        }

        return set;
    }
}
