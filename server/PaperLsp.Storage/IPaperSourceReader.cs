using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage;

/// <summary>
/// Reads paper records from a source file. The default implementation delegates to the ingestion parsers;
/// tests and tools may supply their own.
/// </summary>
public interface IPaperSourceReader
{
    /// <summary>True when the file's format can be read (by name and, where needed, content sniffing).</summary>
    bool IsSupported(string path);

    /// <summary>The detected format of the file.</summary>
    SourceFormat Detect(string path);

    /// <summary>Streams the papers of one file; recoverable problems go to <paramref name="onProblem"/>.</summary>
    IEnumerable<Paper> Read(string path, Action<ParseProblem> onProblem);

    /// <summary>
    /// The papers after line <paramref name="line"/> without reading the records before it, for resuming an interrupted
    /// run; null when the format cannot (the indexer then reads from the start and skips what was committed).
    /// </summary>
    IEnumerable<Paper>? ReadAfterLine(string path, int line, Action<ParseProblem> onProblem) => null;
}
