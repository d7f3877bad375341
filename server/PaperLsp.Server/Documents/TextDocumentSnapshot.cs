using PaperLsp.Features.Text;

namespace PaperLsp.Server.Documents;

/// <summary>
/// An immutable view of an open document at one version. The text is kept chunked (<see cref="Content"/>): an
/// incremental change copies the chunks it touches, not the document; <see cref="Text"/> materialises the whole string
/// once per version, for the consumers that need all of it (diagnostics, code actions), off the keystroke path.
/// </summary>
public sealed class TextDocumentSnapshot
{
    private readonly Lazy<LineIndex> lines;

    /// <param name="lines">The line index of <paramref name="text"/> when the caller has it (null: built on first use).</param>
    public TextDocumentSnapshot(string uri, string languageId, int version, string text, LineIndex? lines = null)
        : this(uri, languageId, version, ChunkedText.From(text ?? ""), lines)
    {
    }

    /// <param name="lines">The line index of <paramref name="content"/> when the caller has it (null: built on first use).</param>
    public TextDocumentSnapshot(string uri, string languageId, int version, ChunkedText content, LineIndex? lines = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        Uri = uri;
        LanguageId = languageId;
        Version = version;
        Content = content;
        if (lines is not null && lines.Length != content.Length)
        {
            throw new ArgumentException("the line index is not the index of this text", nameof(lines));
        }

        this.lines = lines is { } known
            ? new Lazy<LineIndex>(() => known)
            : new Lazy<LineIndex>(() => new LineIndex(content), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The document URI exactly as the client sent it.</summary>
    public string Uri { get; }

    /// <summary>The client's language id (latex, markdown, typst, bibtex, ...).</summary>
    public string LanguageId { get; }

    /// <summary>The version the client gave with the last change.</summary>
    public int Version { get; }

    /// <summary>The text, chunked.</summary>
    public ChunkedText Content { get; }

    /// <summary>The full text as one string, materialised on first use (once per version).</summary>
    public string Text => Content.ToString();

    /// <summary>The part of the text that features at <paramref name="offset"/> read (<see cref="Features.Citations.CursorWindow"/>): the whole text of a normal document, a window around the cursor in a very long one.</summary>
    /// <remarks>
    /// Where the last window of a long document started is remembered and carried to the next version while the text
    /// before it is unchanged (a window's start depends only on the text before it), so that a keystroke does not read
    /// the line from its start again to find one.
    /// </remarks>
    public TextWindow WindowAround(int offset, DocumentLanguage language) => WindowAround(offset, language, null);

    /// <summary>
    /// The part of the text that features reading only the citation or arXiv id under the cursor (hover, go to definition)
    /// are handed: <see cref="Features.Citations.CursorWindow.Near"/>, a few KB rather than the whole paper.
    /// </summary>
    public TextWindow WindowNear(int offset, DocumentLanguage language) =>
        WithCarriedStart(language, known => Features.Citations.CursorWindow.Near(Content, offset, language, known));

    /// <summary>
    /// <see cref="WindowAround(int, DocumentLanguage)"/> with <paramref name="inserted"/> placed at the offset, copied out in
    /// one pass (<see cref="Features.Citations.CursorWindow.Around(ChunkedText, int, DocumentLanguage, int, string)"/>).
    /// </summary>
    public TextWindow WindowAround(int offset, DocumentLanguage language, string? inserted) =>
        WithCarriedStart(language, known => inserted is null
            ? Features.Citations.CursorWindow.Around(Content, offset, language, known)
            : Features.Citations.CursorWindow.Around(Content, offset, language, known, inserted));

    /// <summary>
    /// The window <paramref name="cut"/> makes given the remembered start of this language's last keystroke window (-1 when
    /// none), remembering its start in turn when it is one: only a long document's keystroke window has a start worth
    /// carrying (a short document is read whole, and a near window's cut is not a keystroke window's).
    /// </summary>
    private TextWindow WithCarriedStart(DocumentLanguage language, Func<int, TextWindow> cut)
    {
        var known = Volatile.Read(ref windowStart);
        var window = cut(known.Language == language ? known.Start : -1);
        if (window.Start > 0 && Content.Length > Features.Citations.CursorWindow.WholeTextLimit)
        {
            Volatile.Write(ref windowStart, new WindowStart(window.Start, language));
        }

        return window;
    }

    private sealed record WindowStart(int Start, DocumentLanguage Language);

    private WindowStart windowStart = new(-1, DocumentLanguage.Latex);

    /// <summary>UTF-16 position ↔ offset map of the text.</summary>
    public LineIndex Lines => lines.Value;

    /// <summary>
    /// True after the client sent a change that could not apply (a range outside the document): the text is the last
    /// one known good, incremental changes are ignored until a full-text change or a new didOpen resynchronises it.
    /// </summary>
    public bool OutOfSync { get; private init; }

    /// <summary>A new snapshot with other text and version (in sync); <paramref name="lines"/> is the text's line index when known.</summary>
    public TextDocumentSnapshot WithText(string text, int version, LineIndex? lines = null) => new(Uri, LanguageId, version, ChunkedText.From(text ?? ""), lines);

    /// <inheritdoc cref="WithText(string, int, LineIndex?)"/>
    /// <param name="unchangedBefore">How many leading characters this text and <paramref name="content"/> share (0: unknown).</param>
    public TextDocumentSnapshot WithText(ChunkedText content, int version, LineIndex? lines = null, int unchangedBefore = 0)
    {
        var next = new TextDocumentSnapshot(Uri, LanguageId, version, content, lines);
        var known = Volatile.Read(ref windowStart);
        if (known.Start > 0 && known.Start <= unchangedBefore)
        {
            next.windowStart = known;
        }

        return next;
    }

    /// <summary>This text, marked out of sync at the client's version.</summary>
    public TextDocumentSnapshot AsOutOfSync(int version) => new(Uri, LanguageId, version, Content, lines.IsValueCreated ? lines.Value : null) { OutOfSync = true };
}
