using PaperLsp.Features.Text;

namespace PaperLsp.Features.Completion;

/// <summary>A citation completion request: the document text, the cursor (char offset), its language, extra cite macros and the list bound.</summary>
public sealed record CompletionRequest(
    string DocumentText,
    int Offset,
    DocumentLanguage Language,
    IReadOnlyList<string>? CustomCiteMacros = null,
    int Limit = 50);
