namespace PaperLsp.Features.Catalog;

/// <summary>
/// How many keys starting with what the writer has typed of a key join the candidates, in key order: the one rule for
/// the catalog's typed ranking and for completion's own key-prefix lookup.
/// </summary>
/// <remarks>
/// One character matches a twenty-sixth of the index's keys (about 9,000 at 237k papers), so the first of them in key
/// order are arbitrary papers (<c>c0weakgalerkin2025</c>, <c>c1approximationrational2025</c>, …). Taking 50 of them
/// read and scored some 40 papers afresh at every key's first character, the slowest character of a key; 10 keep most of
/// what they do for the ranking (they are also part of what local BM25 counts its word frequencies over). Measured with
/// <c>paperlsp eval --typing</c> on the 237k index (182 cited keys), 50 → 10 at one character: keystrokes to the first
/// place 1.29 → 1.28 with the .bib and 4.67 → 4.69 without; hit@1 before typing and after 2 and 3 characters unchanged;
/// after 1 character hit@1 0.780 / 0.280 → 0.780 / 0.269 and hit@5 0.978 / 0.467 → 0.967 / 0.473 (with / without the .bib).
/// </remarks>
public static class TypedKeyPrefix
{
    /// <summary>How many keys a one-character prefix takes at most.</summary>
    public const int OneCharacter = 10;

    /// <summary><paramref name="depth"/>, or fewer for a one-character <paramref name="typed"/> (see the remarks).</summary>
    public static int Depth(string typed, int depth)
    {
        ArgumentNullException.ThrowIfNull(typed);
        return typed.Length == 1 ? Math.Min(depth, OneCharacter) : depth;
    }
}
