using PaperLsp.Features.Text;

namespace PaperLsp.Features.Citations;

/// <summary>
/// The one rule for what part of a document a keystroke's features (completion, hover, definition, the writing context
/// of a cursor) read: the whole text when the document is at most <see cref="WholeTextLimit"/> characters long, else
/// <see cref="Back"/> characters before the cursor and <see cref="Ahead"/> after it, starting where the language's
/// line-cut rule allows (<see cref="LatexLineCut.ProseStart(ChunkedText, int)"/>, <see cref="MarkupLineCut"/>), so that
/// the window reads as the document does around the cursor. The window is copied out of the chunked text (about 80 KB,
/// below the large-object heap) and the document is never materialised for it. In a longer document, citations
/// outside the window do not count as cited elsewhere for completion. Features that read only what is under the cursor
/// (hover, go to definition) get the smaller <see cref="Near"/> window, cut by the same rule.
/// </summary>
public static class CursorWindow
{
    /// <summary>Documents up to this length are read whole (every paper we have seen is shorter).</summary>
    public const int WholeTextLimit = 262_144;

    /// <summary>How far before the cursor a window of a longer document reaches (at least).</summary>
    public const int Back = 24_000;

    /// <summary>How far after the cursor a window of a longer document reaches.</summary>
    public const int Ahead = 16_000;

    /// <summary>The window of <paramref name="text"/> that features at <paramref name="offset"/> read.</summary>
    /// <param name="knownStart">
    /// The start of an earlier window of this language when the text before it has not changed since (else -1): kept while
    /// it lies between <see cref="Back"/> / 2 and 2 × <see cref="Back"/> before the cursor, as it is a place the rule allows.
    /// </param>
    public static TextWindow Around(ChunkedText text, int offset, DocumentLanguage language, int knownStart = -1)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (start, end) = KeystrokeRange(text, offset, language, knownStart);
        return start == 0 && end == text.Length
            ? new TextWindow(text.ToString(), 0) // the whole text: its string, materialised once per version
            : new TextWindow(text.Substring(start, end - start), start);
    }

    /// <summary>
    /// The window of <paramref name="text"/> at <paramref name="offset"/> with <paramref name="inserted"/> placed at the
    /// offset (as the text will read once it is typed), copied out in one pass: neither the document nor the window is
    /// materialised first (for a document under <see cref="WholeTextLimit"/> that is a copy of the whole text fewer).
    /// </summary>
    public static TextWindow Around(ChunkedText text, int offset, DocumentLanguage language, int knownStart, string inserted)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(inserted);
        offset = Math.Clamp(offset, 0, text.Length);
        var (start, end) = KeystrokeRange(text, offset, language, knownStart);
        var joined = string.Create(end - start + inserted.Length, (text, start, offset, end, inserted), static (span, state) =>
        {
            var before = state.offset - state.start;
            state.text.CopyTo(state.start, span[..before]);
            state.inserted.AsSpan().CopyTo(span[before..]);
            state.text.CopyTo(state.offset, span[(before + state.inserted.Length)..]);
        });
        return new TextWindow(joined, start);
    }

    /// <summary>
    /// The window for features that read only the citation or arXiv id under the cursor (hover, go to definition): the
    /// whole text when it is already materialised (no copy) or at most <see cref="NearBack"/> + <see cref="NearAhead"/>
    /// characters long, else <see cref="NearBack"/> characters before the cursor (cut where the language's rule allows, as
    /// <see cref="Around(ChunkedText, int, DocumentLanguage, int)"/> cuts) and <see cref="NearAhead"/> after it. A hover
    /// after an edit then copies a few KB, not the whole paper: the request that allocates is the one most likely to pay
    /// for the next garbage collection. A text longer than <see cref="WholeTextLimit"/> gets the keystroke window of
    /// <see cref="Around(ChunkedText, int, DocumentLanguage, int)"/>, whose start (<paramref name="knownStart"/>) the
    /// caller carries between keystrokes: in a long line a fresh cut reads the line from its start.
    /// </summary>
    public static TextWindow Near(ChunkedText text, int offset, DocumentLanguage language, int knownStart = -1)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > WholeTextLimit)
        {
            return Around(text, offset, language, knownStart);
        }

        if (text.IsMaterialised || text.Length <= NearBack + NearAhead)
        {
            return new TextWindow(text.ToString(), 0);
        }

        var (start, end) = Bounds(text, offset, language, -1, NearBack, NearAhead);
        return new TextWindow(text.Substring(start, end - start), start);
    }

    /// <summary>How far before the cursor a <see cref="Near"/> window reaches (at least): more than any cite command's keys.</summary>
    public const int NearBack = 4_000;

    /// <summary>How far after the cursor a <see cref="Near"/> window reaches.</summary>
    public const int NearAhead = 2_000;

    /// <summary>The keystroke window's range [start, end): the whole text up to <see cref="WholeTextLimit"/>, else <see cref="Back"/> / <see cref="Ahead"/> around the offset.</summary>
    private static (int Start, int End) KeystrokeRange(ChunkedText text, int offset, DocumentLanguage language, int knownStart) =>
        text.Length <= WholeTextLimit ? (0, text.Length) : Bounds(text, offset, language, knownStart, Back, Ahead);

    /// <summary>The range [start, end) reaching <paramref name="back"/> before the offset (cut where the rule allows) and <paramref name="ahead"/> after it.</summary>
    private static (int Start, int End) Bounds(ChunkedText text, int offset, DocumentLanguage language, int knownStart, int back, int ahead)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var from = offset - back;
        var start = 0;
        if (knownStart > 0 && knownStart <= offset - (back / 2) && knownStart >= offset - (2 * back))
        {
            start = knownStart;
        }
        else if (from > 0)
        {
            start = language == DocumentLanguage.Latex ? LatexLineCut.ProseStart(text, from) : MarkupLineCut.ScanStart(text, from, language);
            if (start > offset && language == DocumentLanguage.Latex)
            {
                start = LatexLineCut.ScanStart(text, from); // the cursor is in math that opened before: read it as prose
            }

            if (start > offset || start < from - (4 * back))
            {
                start = from; // no place to cut near (a line without spaces): cut where the reach ends
            }
        }

        return (start, Math.Min(text.Length, offset + ahead));
    }
}
