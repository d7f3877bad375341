using PaperLsp.Features.Text;

namespace PaperLsp.Features.Actions;

/// <summary>
/// A request for "cite related paper" actions: the document (path and text), its language, the selection (char
/// offsets; equal for a bare cursor), the LaTeX cite command to insert (e.g. <c>\citep</c>, or <c>auto</c>: the document's dominant one) and how many papers to offer.
/// </summary>
public sealed record CodeActionRequest(
    string DocumentPath,
    string DocumentText,
    DocumentLanguage Language,
    int SelectionStart,
    int SelectionEnd,
    string LatexCiteCommand = "auto",
    int Limit = 3,
    IReadOnlyList<string>? CustomCiteMacros = null);
