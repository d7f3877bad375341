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
    public static WorkspaceBibliography For(OpenDocument document, PaperLspSettings settings) =>
        WithPending(document, InUse(document, settings));

    /// <summary>The whole workspace's bibliography as <paramref name="document"/> sees it: with PaperLsp's pending entries, as <see cref="For"/>.</summary>
    public static WorkspaceBibliography Workspace(OpenDocument document) => WithPending(document, document.Papers.Bibliography);

    /// <summary>
    /// <paramref name="bibliography"/> with the entries PaperLsp's own edits have appended to .bib files that the server has
    /// not read since (<see cref="PaperService.PendingAppends"/>): a key just cited through "Cite related", a completion or
    /// insertCitation is in the .bib for the next completion, hover and diagnostics, as it is for the edit policy, even
    /// before the .bib is saved.
    /// </summary>
    private static WorkspaceBibliography WithPending(OpenDocument document, WorkspaceBibliography bibliography)
    {
        var all = document.Papers.Bibliography;
        var pending = document.Papers.PendingAppends.Current(path => all.GetText(path) ?? TextFiles.ReadOrNull(path));
        if (pending.Count == 0)
        {
            return bibliography;
        }

        // each under the path this bibliography knows its file by (the edit may have named it another way)
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in bibliography.Paths)
        {
            known.TryAdd(LatexBibliography.Normalise(path), path);
        }

        return bibliography.WithPending([.. pending.Select(p => (known.GetValueOrDefault(LatexBibliography.Normalise(p.Path), p.Path), p.Key, p.Paper))]);
    }

    private static WorkspaceBibliography InUse(OpenDocument document, PaperLspSettings settings)
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
