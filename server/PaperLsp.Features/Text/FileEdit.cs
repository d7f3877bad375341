namespace PaperLsp.Features.Text;

/// <summary>
/// Edits to one file. When <see cref="CreateFile"/> is true the file does not exist yet and must be created
/// (empty) before the edits, which are then insertions at offset 0, are applied.
/// </summary>
public sealed record FileEdit(string Path, IReadOnlyList<TextEdit> Edits, bool CreateFile = false);
