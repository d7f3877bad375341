using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>A parser for one <see cref="SourceFormat"/>: streams papers from a stream, reports bad records and continues.</summary>
public interface IPaperSourceParser
{
    /// <summary>The format this parser reads.</summary>
    SourceFormat Format { get; }

    /// <summary>
    /// Papers read from <paramref name="stream"/> (already decompressed), lazily. <paramref name="path"/> is only used in
    /// <see cref="PaperSource"/> and problems. Content errors go to <paramref name="onProblem"/>; never throws for them.
    /// </summary>
    IEnumerable<Paper> Parse(Stream stream, string path, Action<ParseProblem> onProblem);
}
