using System.Text;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Papers;

/// <summary>Decides whether two records describe the same paper (arXiv id, DOI, or normalised title).</summary>
internal static class PaperIdentity
{
    public static bool Same(Paper a, Paper b)
    {
        if (a.ArxivId is { Length: > 0 } x && b.ArxivId is { Length: > 0 } y)
        {
            return string.Equals(x, y, StringComparison.OrdinalIgnoreCase);
        }

        if (a.Doi is { Length: > 0 } d1 && b.Doi is { Length: > 0 } d2)
        {
            return string.Equals(d1, d2, StringComparison.OrdinalIgnoreCase);
        }

        var t1 = NormaliseTitle(a.Title);
        return t1.Length >= 12 && t1 == NormaliseTitle(b.Title);
    }

    public static string NormaliseTitle(string title)
    {
        var builder = new StringBuilder(title.Length);
        foreach (var ch in title)
        {
            if (char.IsLetterOrDigit(ch))
            {
                builder.Append(char.ToLowerInvariant(ch));
            }
        }

        return builder.ToString();
    }
}
