using PaperLsp.Features.Editing;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Services;

/// <summary>
/// Builds the citation edit policy (<see cref="CitationEditPolicy"/>) of a request from the settings, the workspace
/// bibliography, the files on disk and the entries the editor applied but the server has not seen yet; every handler
/// that inserts citations or BibTeX entries goes through it.
/// </summary>
internal static class CitationInserter
{
    /// <summary>The policy for edits of <paramref name="document"/>.</summary>
    public static CitationEditPolicy Policy(OpenDocument document, PaperLspSettings settings)
    {
        var papers = document.Papers;
        var options = new CitationEditOptions(settings.CitationStyle, ResolveBibFile(settings.BibFile, document.Path), settings.CustomCiteMacros);
        return new CitationEditPolicy(papers.Catalog, papers.Bibliography, options, TextFiles.ReadOrNull, papers.PendingAppends, TextFiles.Project);
    }

    /// <summary>The document as the policy sees it.</summary>
    public static EditedDocument Edited(OpenDocument document) => new(document.Path, document.Snapshot.Text, document.Language);

    /// <summary>Remembers an applied plan's BibTeX entry until the server sees the .bib change.</summary>
    public static void NoteApplied(OpenDocument document, CitationPlan plan)
    {
        if (plan.Target is { } target && plan.Paper is { } paper)
        {
            var bibliography = document.Papers.Bibliography;
            document.Papers.PendingAppends.Add(target.Path, plan.Key, paper, bibliography.GetText(target.Path) ?? TextFiles.ReadOrNull(target.Path));
        }
    }

    private static string? ResolveBibFile(string? configured, string documentPath)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        var expanded = configured.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), configured[2..])
            : configured;
        return Path.IsPathRooted(expanded) ? expanded : Path.Combine(Path.GetDirectoryName(documentPath) ?? "", expanded);
    }
}
