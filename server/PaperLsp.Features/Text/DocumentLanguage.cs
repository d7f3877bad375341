namespace PaperLsp.Features.Text;

/// <summary>The syntax of the document being edited. Plain text is handled like Markdown.</summary>
public enum DocumentLanguage
{
    Latex,
    Markdown,
    Typst,
    PlainText,
}
