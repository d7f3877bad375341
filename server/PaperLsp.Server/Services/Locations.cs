using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Definition;
using PaperLsp.Ingestion.Model;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Services;

/// <summary>Locations of papers: a .bib entry (mapped on the open or cached text) or a rendered catalog paper.</summary>
internal static class Locations
{
    public static Location? Of(CitationDefinition definition, PaperService papers, WorkspaceSnapshot workspace)
    {
        if (definition.Path is { } path)
        {
            return OfEntry(path, definition.Start, definition.End, papers, workspace);
        }

        return RenderedPapers.Write(papers.RenderFolder, definition) is { } rendered ? AtLine(rendered.Path, rendered.EntryLine) : null;
    }

    public static Location? Of(WorkspaceBibEntry entry, PaperService papers, WorkspaceSnapshot workspace) =>
        OfEntry(entry.Path, entry.Start, entry.End, papers, workspace);

    public static Location? Of(StoredPaper paper, PaperService papers) =>
        RenderedPapers.Write(papers.RenderFolder, paper) is { } rendered ? AtLine(rendered.Path, rendered.EntryLine) : null;

    private static Location OfEntry(string path, int start, int end, PaperService papers, WorkspaceSnapshot workspace)
    {
        var open = workspace.Documents.Values.FirstOrDefault(d => string.Equals(DocumentPaths.PathOrUri(d.Uri), path, StringComparison.Ordinal));
        if (open is not null)
        {
            return new Location(open.Uri, open.Lines.ToRange(start, end));
        }

        var text = papers.Bibliography.GetText(path) ?? "";
        var uri = path.Contains("://", StringComparison.Ordinal) ? path : DocumentPaths.ToUri(path);
        return new Location(uri, LineIndexCache.For(text).ToRange(start, end));
    }

    private static Location AtLine(string path, int line) =>
        new(DocumentPaths.ToUri(path), new Protocol.Range(new Position(line, 0), new Position(line, 0)));
}
