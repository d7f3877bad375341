using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Completion;

/// <summary>
/// The one policy for how a typed prefix and the sentence combine into a candidate's completion score. Before anything
/// is typed the score is the sentence score (its match × workspace prior). Once a key is typed, what was typed filters
/// and weighs (<see cref="Fit"/>: 1 for a key prefix, less for a letter inside the key, a title word or a surname, 0 for
/// no match) and the sentence orders the candidates the text fits: fit × (typed lead + sentence weight × sentence score),
/// where the typed lead is larger for the workspace's own keys (.bib entries, keys cited in the document), so of the
/// keys a prefix fits an index paper comes first only when the sentence clearly prefers it. The sentence score is the
/// one computed before typing: the catalog's ranking of the sentence alone, counted among the candidates whose key the
/// typed text starts (<see cref="CompletionWeights.TypedCatalog"/>; index papers outside the workspace may also take their
/// rank in the typed search, <see cref="CompletionWeights.TypedIndex"/>), so a keystroke does not reorder the workspace's
/// keys that the prefix fits equally.
/// </summary>
internal static class TypedRanking
{
    /// <summary>How well <paramref name="typed"/> fits a candidate under the weights' short-prefix rule (0 when nothing is typed).</summary>
    public static double Fit(string typed, string key, Paper paper, CompletionWeights w) =>
        typed.Length == 0 ? 0 : TypedMatcher.Score(typed, key, paper, w.TypedShort, (int)w.TypedShortLength);

    /// <summary>The completion score of a candidate: see the type's summary.</summary>
    /// <param name="typed">The part of the key typed so far.</param>
    /// <param name="key">The key the candidate is offered under.</param>
    /// <param name="paper">The candidate's paper (title words and surnames fit typed text too).</param>
    /// <param name="match">How well it matches the sentence.</param>
    /// <param name="prior">Its workspace prior (1 + .bib, cited, nearby).</param>
    /// <param name="again">Cited earlier in the same sentence, or another .bib key of a paper already in the command: the
    /// prior is multiplied by 1 − <see cref="CompletionWeights.Again"/> before typing and while no more than
    /// <see cref="CompletionWeights.AgainTyped"/> characters are typed (a letter or two that such a key also starts with
    /// does not say the writer cites it twice; typing more of its key brings it back).</param>
    /// <param name="inWorkspace">A .bib entry or a key cited in the document.</param>
    /// <param name="w">The weights.</param>
    public static double Score(string typed, string key, Paper paper, double match, double prior, bool again, bool inWorkspace, CompletionWeights w) =>
        Score(typed.Length, Fit(typed, key, paper, w), match, prior, again, inWorkspace, w);

    /// <summary>
    /// <see cref="Score(string, string, Paper, double, double, bool, bool, CompletionWeights)"/> with the candidate's
    /// <see cref="Fit"/> already worked out (<paramref name="typedLength"/> characters typed).
    /// </summary>
    public static double Score(int typedLength, double fit, double match, double prior, bool again, bool inWorkspace, CompletionWeights w)
    {
        var sentence = match * prior * (again && typedLength <= w.AgainTyped ? 1 - w.Again : 1);
        if (typedLength == 0)
        {
            return sentence;
        }

        var lead = w.Typed * (1 + (inWorkspace ? w.TypedWorkspace : 0));
        return fit * (lead + (w.Sentence * sentence));
    }
}
