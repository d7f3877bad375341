namespace PaperLsp.Server.Documents;

/// <summary>An immutable view of an open document at one version.</summary>
public sealed class TextDocumentSnapshot
{
    private readonly Lazy<LineIndex> lines;

    /// <param name="lines">The line index of <paramref name="text"/> when the caller has it (null: built on first use).</param>
    public TextDocumentSnapshot(string uri, string languageId, int version, string text, LineIndex? lines = null)
    {
        Uri = uri;
        LanguageId = languageId;
        Version = version;
        Text = text;
        if (lines is not null && lines.Length != text.Length)
        {
            throw new ArgumentException("the line index is not the index of this text", nameof(lines));
        }

        this.lines = lines is { } known
            ? new Lazy<LineIndex>(() => known)
            : new Lazy<LineIndex>(() => new LineIndex(text), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The document URI exactly as the client sent it.</summary>
    public string Uri { get; }

    /// <summary>The client's language id (latex, markdown, typst, bibtex, ...).</summary>
    public string LanguageId { get; }

    /// <summary>The version the client gave with the last change.</summary>
    public int Version { get; }

    /// <summary>The full text.</summary>
    public string Text { get; }

    /// <summary>UTF-16 position ↔ offset map of <see cref="Text"/>.</summary>
    public LineIndex Lines => lines.Value;

    /// <summary>
    /// True after the client sent a change that could not apply (a range outside the document): the text is the last
    /// one known good, incremental changes are ignored until a full-text change or a new didOpen resynchronises it.
    /// </summary>
    public bool OutOfSync { get; private init; }

    /// <summary>A new snapshot with other text and version (in sync); <paramref name="lines"/> is the text's line index when known.</summary>
    public TextDocumentSnapshot WithText(string text, int version, LineIndex? lines = null) => new(Uri, LanguageId, version, text, lines);

    /// <summary>This text, marked out of sync at the client's version.</summary>
    public TextDocumentSnapshot AsOutOfSync(int version) => new(Uri, LanguageId, version, Text, lines.IsValueCreated ? lines.Value : null) { OutOfSync = true };
}
