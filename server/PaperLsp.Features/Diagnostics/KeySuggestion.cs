using PaperLsp.Features.Text;

namespace PaperLsp.Features.Diagnostics;

/// <summary>A quick fix: replace the unknown key with <see cref="Key"/> (a known key; <see cref="Title"/> is its paper's title).</summary>
public sealed record KeySuggestion(string Key, string Title, TextEdit Edit);
