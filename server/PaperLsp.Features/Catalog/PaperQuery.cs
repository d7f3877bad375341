namespace PaperLsp.Features.Catalog;

/// <summary>
/// A retrieval request. <see cref="Context"/> is the text whose meaning should be matched (the sentence
/// or paragraph being written); <see cref="Typed"/> is what the user has typed of the key (may be empty).
/// <see cref="BoostKeys"/> are citation keys to favour (keys in the workspace .bib, keys already cited).
/// </summary>
public sealed record PaperQuery(
    string Context,
    string Typed = "",
    int Limit = 20,
    IReadOnlySet<string>? BoostKeys = null);
