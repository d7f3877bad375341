using System.Collections.Concurrent;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Editing;
using PaperLsp.Features.Text;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Services;

/// <summary>
/// The workspace bibliography a document's completions draw on: for a LaTeX paper whose <c>\bibliography</c> (or its
/// main file's) names .bib files of the workspace, only those (<see cref="CitationEditPolicy.BibFilesInUse"/>), so that a
/// template's own .bib in the same folder is not offered in a paper that does not use it; else the whole workspace's.
/// Read from the document as saved (its <c>\bibliography</c> line rarely changes while a key is typed, and reading it
/// from the buffer would copy the whole text at every keystroke), and worked out again when that text changes or a
/// couple of seconds have passed (the main file or the .bib files may have changed).
/// </summary>
internal static class DocumentBibliography
{
    private static readonly ConcurrentDictionary<string, (string Text, long At, IReadOnlyList<string>? Files)> Kept = new(StringComparer.Ordinal);

    private static readonly long KeepFor = TimeSpan.FromSeconds(2).Ticks;

    private const int MaxKept = 256;

    /// <summary>The bibliography <paramref name="document"/> cites from.</summary>
    public static WorkspaceBibliography For(OpenDocument document, PaperLspSettings settings)
    {
        var bibliography = document.Papers.Bibliography;
        if (document.Language != DocumentLanguage.Latex || bibliography.Paths.Count < 2 || TextFiles.ReadTexKept(document.Path) is not { } saved)
        {
            return bibliography;
        }

        var now = Environment.TickCount64 * TimeSpan.TicksPerMillisecond;
        IReadOnlyList<string>? files;
        if (Kept.TryGetValue(document.Path, out var kept) && ReferenceEquals(kept.Text, saved) && now - kept.At < KeepFor)
        {
            files = kept.Files;
        }
        else
        {
            files = CitationInserter.Policy(document, settings).BibFilesInUse(new EditedDocument(document.Path, saved, document.Language));
            if (Kept.Count >= MaxKept)
            {
                Kept.Clear();
            }

            Kept[document.Path] = (saved, now, files);
        }

        return files is null ? bibliography : bibliography.Scoped(files);
    }
}
