using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace PaperLsp.Embeddings.Tokenization;

/// <summary>
/// Removes accents the way uncased BERT does (canonical decomposition, then every non-spacing mark dropped: "Résumé" →
/// "Resume"), with embedded Unicode data: under invariant globalization <see cref="string.Normalize()"/> leaves text unchanged.
/// </summary>
internal static class AccentStripper
{
    private static readonly Lazy<FrozenDictionary<int, (int Base, int Mark)>> Pairs = new(Load);

    public static string Strip(string text)
    {
        var ascii = true;
        foreach (var c in text)
        {
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }
        }

        if (ascii)
        {
            return text;
        }

        var pairs = Pairs.Value;
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            while (pairs.TryGetValue(value, out var pair))
            {
                value = pair.Base;
            }

            var baseRune = new Rune(value);
            if (Rune.GetUnicodeCategory(baseRune) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(baseRune.ToString());
            }
        }

        return builder.ToString();
    }

    private static FrozenDictionary<int, (int Base, int Mark)> Load()
    {
        using var stream = typeof(AccentStripper).Assembly.GetManifestResourceStream("PaperLsp.Embeddings.CanonicalPairs.txt")
            ?? throw new InvalidOperationException("embedded resource CanonicalPairs.txt is missing");
        using var reader = new StreamReader(stream);
        var pairs = new Dictionary<int, (int, int)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split('\t');
            pairs[Hex(parts[0])] = (Hex(parts[1]), Hex(parts[2]));
        }

        return pairs.ToFrozenDictionary();
    }

    private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
