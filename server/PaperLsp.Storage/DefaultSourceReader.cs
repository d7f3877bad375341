using PaperLsp.Ingestion;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage;

/// <summary>The reader the indexer uses unless given another: the ingestion library's <see cref="SourceReader"/>.</summary>
internal sealed class DefaultSourceReader : IPaperSourceReader
{
    public static DefaultSourceReader Instance { get; } = new();

    public bool IsSupported(string path) => SourceReader.IsSupported(path);

    public SourceFormat Detect(string path) => SourceReader.Detect(path);

    public IEnumerable<Paper> Read(string path, Action<ParseProblem> onProblem) => SourceReader.Read(path, onProblem);

    public IEnumerable<Paper>? ReadAfterLine(string path, int line, Action<ParseProblem> onProblem) =>
        SourceReader.ReadAfterLine(path, SourceReader.Detect(path), line, onProblem);
}
