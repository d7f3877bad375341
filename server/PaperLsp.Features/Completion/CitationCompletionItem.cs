namespace PaperLsp.Features.Completion;

/// <summary>
/// One completion: <see cref="Label"/> is the key; <see cref="FilterText"/> is what the user typed (so the client
/// does not hide meaning-ranked items); <see cref="SortText"/> the zero-padded rank; the edit replaces
/// [<see cref="ReplaceStart"/>, <see cref="ReplaceEnd"/>) with <see cref="InsertText"/>; <see cref="Data"/> is the
/// key to pass to <see cref="CitationCompletion.Resolve"/>. <see cref="InBibliography"/> is false for catalog papers
/// whose entry is not yet in the workspace .bib.
/// </summary>
public sealed record CitationCompletionItem(
    string Label,
    string Detail,
    string FilterText,
    string SortText,
    int ReplaceStart,
    int ReplaceEnd,
    string InsertText,
    string Data,
    bool InBibliography,
    double Score);
