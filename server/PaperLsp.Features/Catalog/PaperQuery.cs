namespace PaperLsp.Features.Catalog;

/// <summary>
/// A retrieval request. <see cref="Context"/> is the text whose meaning should be matched (the sentence
/// or paragraph being written); <see cref="Typed"/> is what the user has typed of the key (may be empty).
/// Workspace priors (.bib entries, cited papers) are not the catalog's business: completion applies them by identity.
/// </summary>
public sealed record PaperQuery(
    string Context,
    string Typed = "",
    int Limit = 20);
