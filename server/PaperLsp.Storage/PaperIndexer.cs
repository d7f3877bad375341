using System.Diagnostics;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage.Indexing;

namespace PaperLsp.Storage;

/// <summary>
/// Incremental indexing of files and folders into a <see cref="PaperStore"/>. Sources are visited in ordinal
/// path order; unchanged ones (size + mtime, then content hash) are skipped, changed ones re-read, vanished ones
/// (under the given roots) removed, and papers left without sources dropped. Each source is written in its own
/// A source is written in committed chunks (<see cref="Chunks"/>): a kill loses at most the chunk in progress, and
/// the next run over the same content resumes after the last committed record instead of starting over. Each record's
/// paper is visible to readers whole or not at all. A bad file or record is reported (path and line) and skipped; it
/// never aborts the run.
/// </summary>
public sealed class PaperIndexer
{
    /// <summary>How many problems a report keeps verbatim (all are counted).</summary>
    public const int MaxReportedProblems = 500;

    private readonly PaperStore store;
    private readonly IPaperSourceReader reader;

    public PaperIndexer(PaperStore store, IPaperSourceReader? reader = null)
    {
        this.store = store;
        this.reader = reader ?? DefaultSourceReader.Instance;
    }

    /// <summary>When a chunk of a source is committed (default: <see cref="ChunkLimits.Default"/>).</summary>
    public ChunkLimits Chunks { get; init; } = ChunkLimits.Default;

    /// <summary>
    /// The citation key pattern for this index (null: the one the index remembers, else the default). A pattern that
    /// differs from the remembered one re-keys the papers whose keys are not from a .bib at the start of
    /// <see cref="Index"/> and is remembered for later runs (<see cref="IndexReport.KeysChanged"/> counts the changes).
    /// </summary>
    public Ingestion.Identity.CitationKeyPattern? KeyPattern { get; init; }

    /// <summary>
    /// When the index has no papers yet, build the full-text index on a second thread and put it in place at the end of
    /// <see cref="Index"/> (<see cref="FullTextAside"/>): the writer then does about a third of the work, but
    /// readers see the run's papers in full-text search only once it ends. For batch runs such as <c>paperlsp index</c>;
    /// whatever the setting, a run first rebuilds a full-text index an interrupted earlier run left aside.
    /// </summary>
    public bool BuildFullTextAside { get; init; }

    /// <summary>The reader used when none is given: the ingestion parsers for every supported format.</summary>
    public static IPaperSourceReader DefaultReader => DefaultSourceReader.Instance;

    /// <summary>Indexes the given files and folders (folders recursively; only supported files, hidden entries skipped).</summary>
    public IndexReport Index(IEnumerable<string> paths, Action<IndexProgress>? onProgress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var problems = new List<ParseProblem>();
        var problemCount = 0;
        void Report(ParseProblem p)
        {
            problemCount++;
            if (problems.Count < MaxReportedProblems)
            {
                problems.Add(p);
            }
        }

        var roots = new List<(string Path, bool IsDirectory)>();
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var explicitFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in paths)
        {
            var full = Path.GetFullPath(raw);
            if (Directory.Exists(full))
            {
                roots.Add((Path.TrimEndingDirectorySeparator(full), true));
                foreach (var file in EnumerateSupported(full, Report))
                {
                    files.Add(file);
                }
            }
            else if (File.Exists(full))
            {
                roots.Add((full, false));
                files.Add(full);
                explicitFiles.Add(full);
            }
            else
            {
                roots.Add((full, false));
                Report(new ParseProblem(full, 0, "no such file or folder"));
            }
        }

        using var connection = store.OpenConnection(forWriting: true);
        var writer = new IndexWriter(connection, Chunks);
        var keysChanged = writer.UseKeyPattern(KeyPattern);
        using var fullTextAside = FullTextAside.Begin(store, connection, BuildFullTextAside, out var rebuiltAtStart);
        var indexed = 0;
        var unchanged = 0;
        var failed = 0;
        var notSources = 0;
        long records = 0;
        var done = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            onProgress?.Invoke(new IndexProgress(file, done, files.Count, records));
            var sourcesDone = done;
            var outcome = IndexOne(writer, file, explicitFiles.Contains(file), Report, resumedAfter =>
                onProgress?.Invoke(new IndexProgress(file, sourcesDone, files.Count, records) { Resumed = resumedAfter }),
                committed => onProgress?.Invoke(new IndexProgress(file, sourcesDone, files.Count, records) { Committed = committed }),
                n =>
            {
                records++;
                if (onProgress is not null && records % 2000 == 0)
                {
                    onProgress(new IndexProgress(file, done, files.Count, records));
                }

                if (n % 1000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            });
            switch (outcome)
            {
                case SourceOutcome.Indexed: indexed++; break;
                case SourceOutcome.Unchanged: unchanged++; break;
                case SourceOutcome.NotAPaperSource: notSources++; break;
                default: failed++; break;
            }

            done++;
        }

        onProgress?.Invoke(new IndexProgress(null, done, files.Count, records));
        var removed = writer.RemoveVanishedSources(roots, files);
        var fullText = fullTextAside?.Finish() ?? (rebuiltAtStart ? FullTextBuild.Rebuilt : FullTextBuild.Triggers);
        return new IndexReport(
            files.Count - notSources, indexed, unchanged, removed, failed, records,
            writer.PapersAdded, writer.PapersUpdated, writer.PapersRemoved,
            writer.CountPapers(), problemCount, problems, clock.Elapsed) { KeysChanged = keysChanged, FullText = fullText };
    }

    private IEnumerable<string> EnumerateSupported(string directory, Action<ParseProblem> report)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
            ReturnSpecialDirectories = false,
        };
        IEnumerable<string> all;
        try
        {
            all = Directory.EnumerateFiles(directory, "*", options).ToList();
        }
        catch (IOException ex)
        {
            report(new ParseProblem(directory, 0, "cannot list folder: " + ex.Message));
            return [];
        }

        return all.Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(".db", StringComparison.Ordinal) && reader.IsSupported(f));
    }

    private SourceOutcome IndexOne(IndexWriter writer, string file, bool named, Action<ParseProblem> report, Action<long> onResume, Action<long> onCommitted, Action<int> onRecord)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(file);
            var known = writer.FindSource(file);
            var mtime = info.LastWriteTimeUtc.Ticks;
            if (known is { Complete: true } && known.Size == info.Length && known.MTime == mtime)
            {
                return SourceOutcome.Unchanged;
            }

            if (Unreadable(file) is { } why)
            {
                report(new ParseProblem(file, 0, why));
                return SourceOutcome.Failed;
            }

            var format = reader.Detect(file);
            if (format == SourceFormat.Unknown)
            {
                if (named)
                {
                    report(new ParseProblem(file, 0, "unsupported file format (expected HF listing text/HTML/API JSON, arXiv Atom, DBLP XML, BibTeX, CSL-JSON or papers JSONL, optionally .gz)"));
                    return SourceOutcome.Failed;
                }

                return SourceOutcome.NotAPaperSource; // e.g. a package.json or notes.txt met while scanning a folder
            }

            var hash = ContentHashing.OfFile(file);
            if (known is { Complete: true } && known.Size == info.Length && known.Hash == hash)
            {
                writer.TouchSource(known.Id, mtime);
                return SourceOutcome.Unchanged;
            }

            var resume = known is { Complete: false } && known.Size == info.Length && known.Hash == hash ? known : null;
            if (resume is not null)
            {
                onResume(resume.RecordsDone);
            }

            // Resuming: read on after the last committed record's line when the format allows; else from the start,
            // passing over the committed records (and counting their problems again). The records are parsed and
            // prepared on a second thread (RecordPrefetch) while this one writes.
            var records = new RecordPrefetch(report);
            var tail = resume is { RecordsDone: > 0 } ? reader.ReadAfterLine(file, resume.ResumeLine, records.Report) : null;
            var problemsBefore = tail is null ? 0 : resume!.ProblemsDone;
            writer.IndexSource(
                file, format, info.Length, mtime, hash, resume,
                skip: tail is null ? resume?.RecordsDone ?? 0 : 0,
                countFrom: tail is null ? 0 : resume!.RecordsDone,
                records.Read(tail ?? reader.Read(file, records.Report)), () => problemsBefore + records.Problems, onRecord, onCommitted);
            return SourceOutcome.Indexed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not Microsoft.Data.Sqlite.SqliteException)
        {
            report(new ParseProblem(file, 0, ex is UnauthorizedAccessException ? "cannot read: permission denied" : "cannot read: " + ex.Message));
            return SourceOutcome.Failed;
        }
    }

    /// <summary>Why a file cannot be opened for reading ("permission denied", ...), or null when it can.</summary>
    private static string? Unreadable(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "cannot read: permission denied";
        }
        catch (IOException ex)
        {
            return "cannot read: " + ex.Message;
        }
    }

    private enum SourceOutcome
    {
        Indexed,
        Unchanged,
        Failed,
        NotAPaperSource,
    }
}
