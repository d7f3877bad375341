using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Text;
using PaperLsp.Server.Documents;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Services;

/// <summary>Turns feature edits (files + char offsets) into an LSP WorkspaceEdit (URIs + UTF-16 ranges).</summary>
internal static class WorkspaceEdits
{
    /// <summary>
    /// The workspace edit of <paramref name="edits"/>. Offsets of the request's document are mapped on its snapshot,
    /// those of other files on their open text, else on the workspace .bib text, else on the file on disk.
    /// Files to create become CreateFile operations (documentChanges); without <paramref name="useDocumentChanges"/>
    /// the caller must create them first (see <see cref="CreateMissingFiles"/>).
    /// </summary>
    public static WorkspaceEdit Build(
        IReadOnlyList<FileEdit> edits,
        TextDocumentSnapshot document,
        WorkspaceSnapshot workspace,
        WorkspaceBibliography bibliography,
        bool useDocumentChanges)
    {
        var documentPath = DocumentPaths.PathOrUri(document.Uri);
        var changes = new Dictionary<string, IReadOnlyList<Protocol.TextEdit>>(StringComparer.Ordinal);
        var documentChanges = new List<object>();
        foreach (var fileEdit in edits)
        {
            string uri;
            LineIndex lines;
            int? version = null;
            if (string.Equals(fileEdit.Path, documentPath, StringComparison.Ordinal))
            {
                uri = document.Uri;
                lines = document.Lines;
                version = document.Version;
            }
            else if (FindOpen(workspace, fileEdit.Path) is { } open)
            {
                uri = open.Uri;
                lines = open.Lines;
                version = open.Version;
            }
            else
            {
                uri = fileEdit.Path.Contains("://", StringComparison.Ordinal) ? fileEdit.Path : DocumentPaths.ToUri(fileEdit.Path);
                var text = fileEdit.CreateFile ? "" : bibliography.GetText(fileEdit.Path) ?? ReadOrEmpty(fileEdit.Path);
                lines = LineIndexCache.For(text);
            }

            var textEdits = fileEdit.Edits.Select(e => new Protocol.TextEdit(lines.ToRange(e.Start, e.End), e.NewText)).ToList();
            if (useDocumentChanges)
            {
                if (fileEdit.CreateFile)
                {
                    documentChanges.Add(new CreateFile(uri, new CreateFileOptions(IgnoreIfExists: true)));
                    version = null;
                }

                documentChanges.Add(new TextDocumentEdit(new OptionalVersionedTextDocumentIdentifier(uri, version), textEdits));
            }
            else
            {
                changes[uri] = changes.TryGetValue(uri, out var earlier) ? [.. earlier, .. textEdits] : textEdits;
            }
        }

        return useDocumentChanges ? new WorkspaceEdit { DocumentChanges = documentChanges } : new WorkspaceEdit(changes);
    }

    /// <summary>Creates (empty) the files the edits need to exist; returns a problem, or null.</summary>
    public static string? CreateMissingFiles(IReadOnlyList<FileEdit> edits)
    {
        foreach (var edit in edits.Where(e => e.CreateFile))
        {
            try
            {
                if (!File.Exists(edit.Path))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(edit.Path) ?? ".");
                    using var _ = new FileStream(edit.Path, FileMode.CreateNew, FileAccess.Write);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return $"cannot create {edit.Path}: {e.Message}";
            }
        }

        return null;
    }

    private static TextDocumentSnapshot? FindOpen(WorkspaceSnapshot workspace, string path) =>
        workspace.Documents.Values.FirstOrDefault(d => string.Equals(DocumentPaths.PathOrUri(d.Uri), path, StringComparison.Ordinal));

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return TextFiles.ReadOrNull(path) ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
