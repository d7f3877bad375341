namespace PaperLsp.Features.Text;

/// <summary>
/// A part of a document handed to feature code instead of the whole text: <see cref="Text"/> is the document's
/// characters [<see cref="Start"/>, <see cref="Start"/> + Text.Length). Offsets into <see cref="Text"/> plus
/// <see cref="Start"/> are document offsets.
/// </summary>
public sealed record TextWindow(string Text, int Start)
{
    /// <summary>The document offset just after the window.</summary>
    public int End => Start + Text.Length;
}
