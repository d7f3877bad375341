namespace PaperLsp.Features.Editing;

/// <summary>
/// The .bib a citation's entry goes to: its path, whether it must be created, and whether the document already names
/// it (\bibliography/\addbibresource); when not, the edit also adds the command.
/// </summary>
public sealed record BibTarget(string Path, bool Create, bool ReferencedByDocument);
