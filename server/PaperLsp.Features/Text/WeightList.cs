using System.Globalization;

namespace PaperLsp.Features.Text;

/// <summary>
/// The one parser of weight lists written as "name=number,name=number" (completion weights, retrieval weights):
/// names are matched case-insensitively against the known ones, numbers are read in the invariant culture, and an
/// empty text keeps the starting value. A malformed pair or an unknown name throws a <see cref="FormatException"/>
/// that names the offending part (and, for an unknown name, the known ones).
/// </summary>
public static class WeightList
{
    /// <summary>
    /// <paramref name="start"/> with each pair of <paramref name="text"/> applied in order through the setter of its
    /// name. <paramref name="what"/> names the list in error messages ("completion weight").
    /// </summary>
    public static T Parse<T>(string? text, T start, IReadOnlyDictionary<string, Func<T, double, T>> setters, string what)
    {
        ArgumentNullException.ThrowIfNull(setters);
        var value = start;
        if (string.IsNullOrWhiteSpace(text))
        {
            return value;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || pair[0].Length == 0
                || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
            {
                throw new FormatException($"{what} '{part}': expected name=number");
            }

            var setter = setters.FirstOrDefault(s => string.Equals(s.Key, pair[0], StringComparison.OrdinalIgnoreCase)).Value
                ?? throw new FormatException($"unknown {what} '{pair[0]}' (known: {string.Join(", ", setters.Keys)})");
            value = setter(value, number);
        }

        return value;
    }
}
