using System.Runtime.CompilerServices;
using PaperLsp.Features.Papers;

namespace PaperLsp.Features.Completion;

/// <summary>
/// What <see cref="TypedMatcher"/> reads of a candidate besides its key — each author's surname as written and folded
/// (lower-cased, accents dropped), and the title's lower-cased words — derived once per authors list and per title
/// string and kept while those objects live. Every keystroke of a key matches the typed text against the same few hundred
/// candidates: deriving these afresh each time allocated most of a keystroke's garbage (a split, a join and a Unicode
/// normalisation per author, two strings per title word), whose collections landed on the request path. The values are
/// pure functions of the objects they are keyed by (<see cref="PaperLsp.Ingestion.Model.Paper"/> is immutable), so a kept
/// value is the value computed afresh.
/// </summary>
internal sealed class TypedFacets
{
    private static readonly ConditionalWeakTable<IReadOnlyList<string>, Surnames> ByAuthors = new();
    private static readonly ConditionalWeakTable<string, string[]> ByTitle = new();

    /// <summary>The surnames of <paramref name="authors"/> (<see cref="PaperDisplay.Surname"/>) and their folded forms, in order.</summary>
    public static Surnames SurnamesOf(IReadOnlyList<string> authors)
    {
        ArgumentNullException.ThrowIfNull(authors);
        return ByAuthors.GetValue(authors, Surnames.Of);
    }

    /// <summary>The title's words (runs of letters and digits), lower-cased (invariant), in order.</summary>
    public static string[] WordsOf(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return ByTitle.GetValue(title, static t => [.. Words(t)]);
    }

    /// <summary>Surnames as written and folded (<see cref="Fold"/>), index for index.</summary>
    internal sealed class Surnames(string[] written, string[] folded)
    {
        public string[] Written { get; } = written;

        public string[] Folded { get; } = folded;

        public static Surnames Of(IReadOnlyList<string> authors)
        {
            var written = authors.Select(PaperDisplay.Surname).ToArray();
            return new Surnames(written, [.. written.Select(Fold)]);
        }
    }

    /// <summary>The runs of letters and digits of a text, lower-cased, in order (also how <see cref="SentenceMatch"/> reads an acronym's words).</summary>
    internal static IEnumerable<string> Words(string title)
    {
        var start = -1;
        for (var i = 0; i <= title.Length; i++)
        {
            var isWordChar = i < title.Length && char.IsLetterOrDigit(title[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                yield return title[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    /// <summary>Lower-cased (invariant) with non-spacing marks dropped after canonical decomposition ("Müller" → "muller").</summary>
    internal static string Fold(string text)
    {
        var normalized = text.Normalize(System.Text.NormalizationForm.FormD);
        var builder = new System.Text.StringBuilder(normalized.Length);
        foreach (var ch in normalized)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(ch));
            }
        }

        return builder.ToString();
    }
}
