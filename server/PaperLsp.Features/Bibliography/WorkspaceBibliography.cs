using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Bibliography;

/// <summary>
/// The .bib files of the workspace (path → text), parsed and indexed by key; files are updated one at a time as
/// they change. Safe for concurrent readers and one writer: readers see consistent snapshots.
/// When several files define a key, the first file in ordinal path order wins.
/// </summary>
public sealed class WorkspaceBibliography
{
    private readonly object gate = new();
    private Snapshot current = Snapshot.Empty;

    /// <summary>Paths of the known .bib files, in ordinal order.</summary>
    public IReadOnlyList<string> Paths => current.Paths;

    /// <summary>All entries, files in path order, entries in file order.</summary>
    public IReadOnlyList<WorkspaceBibEntry> Entries => current.Entries;

    /// <summary>Distinct keys defined in the workspace.</summary>
    public IReadOnlyCollection<string> Keys => current.ByKey.Keys;

    /// <summary>Adds or replaces one .bib file.</summary>
    public void Update(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var parsed = BibtexParser.Parse(text, path);
        var problems = parsed.Problems.ToList();
        var entries = parsed.Entries.Select(e => new WorkspaceBibEntry(
            e.Key, e.EntryType, path, e.StartOffset, e.EndOffset, e.Line, e.Fields, ToPaper(e, path))).ToList();
        var file = new BibFile(path, text, entries, problems);
        lock (gate)
        {
            var files = new Dictionary<string, BibFile>(current.Files, StringComparer.Ordinal) { [path] = file };
            current = Snapshot.Build(files);
        }
    }

    /// <summary>Forgets one .bib file; false when it was not known.</summary>
    public bool Remove(string path)
    {
        lock (gate)
        {
            if (!current.Files.ContainsKey(path))
            {
                return false;
            }

            var files = new Dictionary<string, BibFile>(current.Files, StringComparer.Ordinal);
            files.Remove(path);
            current = Snapshot.Build(files);
            return true;
        }
    }

    /// <summary>
    /// The entries of <paramref name="paths"/> only, as a bibliography of their own (read-only: it is not updated when
    /// this one is; ask again after a change). Kept for the same files and the same state of this bibliography, so the
    /// same object (and what callers keep per entry list) serves keystroke after keystroke. This bibliography itself when
    /// the paths name every file it has.
    /// </summary>
    public WorkspaceBibliography Scoped(IReadOnlyCollection<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var snapshot = current;
        var wanted = paths.Where(snapshot.Files.ContainsKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (wanted.Count == snapshot.Files.Count)
        {
            return this;
        }

        var key = string.Join('\n', wanted);
        if (Volatile.Read(ref lastScoped) is { } last && ReferenceEquals(last.Of, snapshot) && last.Key == key)
        {
            return last.Scoped;
        }

        var scoped = new WorkspaceBibliography { current = Snapshot.Build(wanted.ToDictionary(p => p, p => snapshot.Files[p], StringComparer.Ordinal)) };
        Volatile.Write(ref lastScoped, new ScopedView(snapshot, key, scoped));
        return scoped;
    }

    private ScopedView? lastScoped;

    /// <summary>
    /// This bibliography with the entries an editor has applied that the server has not read yet (<paramref name="pending"/>,
    /// as <c>PendingBibAppends.Current</c> gives them: a .bib buffer the client does not synchronise, a file not saved)
    /// added at the end of their files (a file this bibliography does not know is added), so that a key PaperLsp has
    /// just written to the .bib counts as in it before the .bib is saved. A pending key this bibliography defines, in any
    /// letter case, is left out; this bibliography itself when none is left. Read-only like <see cref="Scoped"/>, and kept
    /// for the same state of this bibliography and the same pending keys. A pending entry has no fields and no range of
    /// its own (it starts and ends at the end of its file's known text): its paper describes it.
    /// </summary>
    public WorkspaceBibliography WithPending(IReadOnlyList<(string Path, string Key, Paper Paper)> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var snapshot = current;
        var added = pending.Where(p => !snapshot.ByKeyIgnoringCase.ContainsKey(p.Key)).DistinctBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToList();
        if (added.Count == 0)
        {
            return this;
        }

        var key = string.Join('\n', added.Select(p => p.Path + "\u0000" + p.Key));
        if (Volatile.Read(ref lastPending) is { } last && ReferenceEquals(last.Of, snapshot) && last.Key == key)
        {
            return last.Scoped;
        }

        var files = new Dictionary<string, BibFile>(snapshot.Files, StringComparer.Ordinal);
        foreach (var (path, entryKey, paper) in added)
        {
            var file = files.GetValueOrDefault(path) ?? new BibFile(path, "", [], []);
            var end = file.Text.Length;
            var line = file.Text.AsSpan().Count('\n') + 2; // after the known text's last line
            var entry = new WorkspaceBibEntry(entryKey, paper.BibType ?? "misc", path, end, end, line, NoFields, paper with { BibKey = entryKey });
            files[path] = file with { Entries = [.. file.Entries, entry] };
        }

        var view = new WorkspaceBibliography { current = Snapshot.Build(files) };
        Volatile.Write(ref lastPending, new ScopedView(snapshot, key, view));
        return view;
    }

    private static readonly IReadOnlyDictionary<string, string> NoFields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    private ScopedView? lastPending;

    private sealed record ScopedView(Snapshot Of, string Key, WorkspaceBibliography Scoped);

    /// <summary>True when a file with this path is known.</summary>
    public bool ContainsFile(string path) => current.Files.ContainsKey(path);

    /// <summary>The current text of a known .bib file, or null.</summary>
    public string? GetText(string path) => current.Files.TryGetValue(path, out var file) ? file.Text : null;

    /// <summary>The entries of one file in order (empty when unknown).</summary>
    public IReadOnlyList<WorkspaceBibEntry> EntriesIn(string path) => current.Files.TryGetValue(path, out var file) ? file.Entries : [];

    /// <summary>Problems met while reading one file ("line N: …").</summary>
    public IReadOnlyList<string> ProblemsIn(string path) => ParseProblemsIn(path).Select(p => $"line {p.Line}: {p.Message}").ToList();

    /// <summary>Problems met while reading one file, with the parser's line and offset.</summary>
    public IReadOnlyList<ParseProblem> ParseProblemsIn(string path) => current.Files.TryGetValue(path, out var file) ? file.Problems : [];

    /// <summary>The entry for a key (exact, case-sensitive), or null.</summary>
    public WorkspaceBibEntry? Find(string key) => current.ByKey.TryGetValue(key, out var entry) ? entry : null;

    /// <summary>True when the key is defined (exact match).</summary>
    public bool ContainsKey(string key) => current.ByKey.ContainsKey(key);

    /// <summary>True when the key is defined ignoring case (BibTeX treats keys case-insensitively).</summary>
    public bool ContainsKeyIgnoringCase(string key) => current.ByKeyIgnoringCase.ContainsKey(key);

    /// <summary>The entry with this key in the letter case written, else in another letter case, or null.</summary>
    public WorkspaceBibEntry? FindIgnoringCase(string key) =>
        current.ByKey.TryGetValue(key, out var entry) || current.ByKeyIgnoringCase.TryGetValue(key, out entry) ? entry : null;

    /// <summary>
    /// The entry of <paramref name="key"/> (any letter case) in this bibliography when <paramref name="inUse"/>, the part of
    /// it a document cites from (<see cref="Scoped"/>), has none: BibTeX will not find the key in the files the document
    /// uses. Null when <paramref name="inUse"/> has it, when this bibliography has not, or when they are the same.
    /// </summary>
    public WorkspaceBibEntry? EntryOutside(WorkspaceBibliography inUse, string key)
    {
        ArgumentNullException.ThrowIfNull(inUse);
        return ReferenceEquals(inUse, this) || inUse.FindIgnoringCase(key) is not null ? null : FindIgnoringCase(key);
    }

    /// <summary>True when the key is defined in the given file, ignoring case.</summary>
    public bool FileDefinesKey(string path, string key) =>
        current.Files.TryGetValue(path, out var file) && file.Entries.Any(e => e.Key.Equals(key, StringComparison.OrdinalIgnoreCase));

    /// <summary>The entry's paper; an entry without a title still gets a record (titled by its key) so the key stays known.</summary>
    private static Paper ToPaper(BibtexEntry entry, string path) =>
        BibtexParser.ToPaper(entry, path) ?? new Paper
        {
            Title = entry.Key,
            Authors = BibtexParser.SplitAuthors(entry.Get("author") ?? ""),
            BibKey = entry.Key,
            BibType = entry.EntryType,
            BibEntryText = entry.RawText,
            Source = new PaperSource(path, SourceFormat.Bibtex, entry.Line),
        };

    private sealed record BibFile(string Path, string Text, IReadOnlyList<WorkspaceBibEntry> Entries, IReadOnlyList<ParseProblem> Problems);

    private sealed class Snapshot
    {
        public static readonly Snapshot Empty = Build(new Dictionary<string, BibFile>(StringComparer.Ordinal));

        public required IReadOnlyDictionary<string, BibFile> Files { get; init; }

        public required IReadOnlyList<string> Paths { get; init; }

        public required IReadOnlyList<WorkspaceBibEntry> Entries { get; init; }

        public required Dictionary<string, WorkspaceBibEntry> ByKey { get; init; }

        public required Dictionary<string, WorkspaceBibEntry> ByKeyIgnoringCase { get; init; }

        public static Snapshot Build(Dictionary<string, BibFile> files)
        {
            var paths = files.Keys.Order(StringComparer.Ordinal).ToList();
            var entries = paths.SelectMany(p => files[p].Entries).ToList();
            var byKey = new Dictionary<string, WorkspaceBibEntry>(StringComparer.Ordinal);
            var byKeyIgnoringCase = new Dictionary<string, WorkspaceBibEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var entry in entries)
            {
                byKey.TryAdd(entry.Key, entry);
                byKeyIgnoringCase.TryAdd(entry.Key, entry);
            }

            return new Snapshot { Files = files, Paths = paths, Entries = entries, ByKey = byKey, ByKeyIgnoringCase = byKeyIgnoringCase };
        }
    }
}
