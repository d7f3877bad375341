using System.Globalization;
using System.Reflection;
using System.Text;

namespace PaperLsp.Embeddings.Tokenization;

/// <summary>
/// NFKC normalisation that works even when the runtime cannot normalise (invariant globalization mode returns
/// non-ASCII text unchanged). Uses the runtime when it can; otherwise maps each code point to its NFKC form from
/// embedded Unicode data and composes canonical pairs (e.g. "e" + U+0301 → "é"). The managed path does not
/// reorder runs of several combining marks or compose conjoining Hangul jamo; everything else matches NFKC.
/// </summary>
internal static class ManagedNfkc
{
    private static readonly Lazy<Tables> Data = new(LoadTables);

    /// <summary>True when <see cref="string.Normalize(NormalizationForm)"/> really normalises non-ASCII text here.</summary>
    public static bool RuntimeNormalizes { get; } = RuntimeCanNormalize();

    public static string Normalize(string text)
    {
        if (RuntimeNormalizes)
        {
            return text.Normalize(NormalizationForm.FormKC);
        }

        var ascii = true;
        foreach (var c in text)
        {
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }
        }

        return ascii ? text : NormalizeManaged(text);
    }

    internal static string NormalizeManaged(string text)
    {
        var tables = Data.Value;
        var output = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (tables.Mappings.TryGetValue(rune.Value, out var mapped))
            {
                foreach (var cp in mapped)
                {
                    Append(output, cp, tables);
                }
            }
            else
            {
                Append(output, rune.Value, tables);
            }
        }

        var builder = new StringBuilder(output.Count);
        foreach (var cp in output)
        {
            builder.Append(new Rune(cp).ToString());
        }

        return builder.ToString();
    }

    private static void Append(List<int> output, int codePoint, Tables tables)
    {
        if (output.Count > 0 && tables.Compositions.TryGetValue(((long)output[^1] << 21) | (uint)codePoint, out var composed))
        {
            output[^1] = composed;
            return;
        }

        output.Add(codePoint);
    }

    private static bool RuntimeCanNormalize()
    {
        try
        {
            return "\uFB01\uFF41".Normalize(NormalizationForm.FormKC) == "fia";
        }
        catch (PlatformNotSupportedException)
        {
            return false;
        }
    }

    private static Tables LoadTables()
    {
        var mappings = new Dictionary<int, int[]>();
        var compositions = new Dictionary<long, int>();
        using var stream = typeof(ManagedNfkc).Assembly.GetManifestResourceStream("PaperLsp.Embeddings.NfkcData.txt")
            ?? throw new InvalidOperationException("embedded NFKC data is missing from the assembly");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields[0] == "M")
            {
                mappings[Hex(fields[1])] = fields[2].Split(' ').Select(Hex).ToArray();
            }
            else if (fields[0] == "C")
            {
                compositions[((long)Hex(fields[1]) << 21) | (uint)Hex(fields[2])] = Hex(fields[3]);
            }
        }

        return new Tables(mappings, compositions);
    }

    private static int Hex(string value) => int.Parse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private sealed record Tables(Dictionary<int, int[]> Mappings, Dictionary<long, int> Compositions);
}
