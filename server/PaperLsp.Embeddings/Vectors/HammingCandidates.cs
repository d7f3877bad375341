using System.Numerics;

namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// The candidate filter of the sign-bit searches (<see cref="BinaryVectorIndex"/>, <see cref="Int8VectorSet"/>): Hamming
/// distances of every row's sign bits to the query's, and the smallest distance that admits the wanted number of rows.
/// </summary>
internal static class HammingCandidates
{
    /// <summary>Fills <paramref name="distances"/> (one per row) and counts them in <paramref name="histogram"/> (length words × 64 + 1).</summary>
    public static void Distances(ReadOnlySpan<ulong> signs, int words, int count, ReadOnlySpan<ulong> queryCode, Span<ushort> distances, Span<int> histogram)
    {
        for (var row = 0; row < count; row++)
        {
            var code = signs.Slice(row * words, words);
            var distance = 0;
            for (var w = 0; w < code.Length; w++)
            {
                distance += BitOperations.PopCount(code[w] ^ queryCode[w]);
            }

            distances[row] = (ushort)distance;
            histogram[distance]++;
        }
    }

    /// <summary>The smallest distance d such that at least <paramref name="wanted"/> rows are within d.</summary>
    public static int Threshold(ReadOnlySpan<int> histogram, int wanted)
    {
        var threshold = 0;
        for (var total = 0; threshold < histogram.Length; threshold++)
        {
            total += histogram[threshold];
            if (total >= wanted)
            {
                break;
            }
        }

        return threshold;
    }
}
