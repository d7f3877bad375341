using PaperLsp.Features.Text;

namespace PaperLsp.Features.Editing;

/// <summary>The document a citation goes into: its path (absolute when local), text and language.</summary>
public sealed record EditedDocument(string Path, string Text, DocumentLanguage Language);
