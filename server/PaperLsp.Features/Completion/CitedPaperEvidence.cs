using PaperLsp.Features.Papers;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Completion;

/// <summary>
/// Whether an index paper found for a cited key by its key string alone (no .bib entry says which paper the key
/// means) may stand for that key as a topic signal: the key string is no identity (the index's <c>li2025llms</c> is
/// not the writer's <c>li2025llms</c>), so the text where the key is cited must also name the paper — a content word
/// of its title that is not already spelled by the key itself. Never a boost for the paper: completion only reads its
/// neighbours as candidates (see <see cref="CompletionWeights.CitedRelated"/>).
/// </summary>
public static class CitedPaperEvidence
{
    /// <summary>True when <paramref name="citingText"/> holds a content word of the paper's title that the key does not contain.</summary>
    public static bool Supports(string key, Paper paper, string citingText)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(paper);
        ArgumentNullException.ThrowIfNull(citingText);
        var lowerKey = key.ToLowerInvariant();
        var context = ContextOverlap.ContentWords(citingText);
        return ContextOverlap.ContentWords(paper.Title).Any(word => word.Length >= 3 && !lowerKey.Contains(word, StringComparison.Ordinal) && context.Contains(word));
    }
}
