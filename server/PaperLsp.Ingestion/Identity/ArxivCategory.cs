using System.Text.RegularExpressions;

namespace PaperLsp.Ingestion.Identity;

/// <summary>arXiv subject classes (<c>cs.CL</c>, <c>hep-th</c>, <c>math.AG</c>, <c>stat.ML</c>) as BibTeX's <c>primaryClass</c> wants them.</summary>
public static partial class ArxivCategory
{
    /// <summary>The category when <paramref name="text"/> is one (surrounding space trimmed), else null.</summary>
    public static string? Normalize(string? text)
    {
        var trimmed = text?.Trim();
        return string.IsNullOrEmpty(trimmed) || !Shape().IsMatch(trimmed) ? null : trimmed;
    }

    /// <summary>The first valid category of a space- or comma-separated list ("cs.CL cs.AI" → cs.CL), else null.</summary>
    public static string? FirstOf(string? list) =>
        list?.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries).Select(Normalize).FirstOrDefault(c => c is not null);

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)?(\.[A-Za-z]+(-[A-Za-z]+)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
