using PaperLsp.Features.Bibliography;

namespace PaperLsp.Features.Papers;

/// <summary>
/// The key under which an index paper appears in a workspace. <see cref="BibEntry"/> is the workspace .bib entry
/// describing the same paper (then <see cref="Key"/> is that entry's key); <see cref="IsFreeVariant"/> is true when
/// the paper's index key is used by a .bib entry of a different paper, so it is offered under a free variant.
/// </summary>
public sealed record WorkspaceKey(string Key, WorkspaceBibEntry? BibEntry, bool IsFreeVariant)
{
    /// <summary>True when the paper is already in the workspace .bib (as <see cref="Key"/>).</summary>
    public bool InBibliography => BibEntry is not null;
}
