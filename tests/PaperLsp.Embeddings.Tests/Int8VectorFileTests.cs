using PaperLsp.Embeddings.Vectors;
using PaperLsp.TestSupport;

namespace PaperLsp.Embeddings.Tests;

/// <summary>The int8 vector file: a mapped set answers exactly like the one it was written from; a damaged file is refused.</summary>
public sealed class Int8VectorFileTests : IDisposable
{
    private readonly TempFolder temp = new("paperlsp-int8-file");

    private static Int8VectorSet RandomSet(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var builder = new Int8VectorSet.Builder(dimension, 8);
        for (var i = 0; i < count; i++)
        {
            builder.Add(Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray());
        }

        return builder.Build();
    }

    [Fact]
    public void A_mapped_set_scores_and_searches_exactly_like_the_set_it_was_written_from()
    {
        const int dimension = 100; // not a multiple of 64: the last sign word is partial
        var set = RandomSet(1500, dimension, 3);
        var keys = Enumerable.Range(0, set.Count).Select(i => (long)(i * 3) + 7).ToArray();
        var path = Path.Combine(temp.Path, "vectors");
        Int8VectorFile.Write(path, set, keys, "signature 1"u8);

        var (readKeys, mapped, signature) = Int8VectorFile.Open(path);
        Assert.True(mapped.IsMapped);
        Assert.False(set.IsMapped);
        Assert.Equal(keys, readKeys);
        Assert.Equal("signature 1"u8.ToArray(), signature);
        Assert.Equal(set.Count, mapped.Count);
        Assert.Equal(set.Dimension, mapped.Dimension);

        var random = new Random(5);
        for (var q = 0; q < 10; q++)
        {
            var query = Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            var norm = MathF.Sqrt(query.Sum(x => x * x));
            query = query.Select(x => x / norm).ToArray();
            Assert.Equal(set.Search(query, 10, 200).Select(h => (h.Row, h.Score)), mapped.Search(query, 10, 200).Select(h => (h.Row, h.Score)));
            var row = random.Next(set.Count);
            Assert.Equal(set.Score(row, query), mapped.Score(row, query));
            var a = new float[dimension];
            var b = new float[dimension];
            set.Dequantize(row, a);
            mapped.Dequantize(row, b);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public void A_truncated_file_or_another_file_is_refused()
    {
        var path = Path.Combine(temp.Path, "vectors");
        var set = RandomSet(50, 64, 1);
        Int8VectorFile.Write(path, set, Enumerable.Range(0, 50).Select(i => (long)i).ToArray(), "s"u8);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        Assert.Throws<InvalidDataException>(() => Int8VectorFile.Open(path));
        File.WriteAllBytes(path, new byte[200]);
        Assert.Throws<InvalidDataException>(() => Int8VectorFile.Open(path));
    }

    [Fact]
    public void Rewriting_the_file_leaves_no_temporary_files_and_an_open_mapping_keeps_its_contents()
    {
        var path = Path.Combine(temp.Path, "vectors");
        var first = RandomSet(40, 64, 1);
        Int8VectorFile.Write(path, first, Enumerable.Range(0, 40).Select(i => (long)i).ToArray(), "a"u8);
        var (_, mapped, _) = Int8VectorFile.Open(path);
        var query = new float[64];
        query[3] = 1;
        var before = mapped.Score(5, query);

        Int8VectorFile.Write(path, RandomSet(60, 64, 2), Enumerable.Range(0, 60).Select(i => (long)i).ToArray(), "b"u8);
        Assert.Equal(before, mapped.Score(5, query));
        Assert.Equal(first.Score(5, query), before);
        Assert.Equal(60, Int8VectorFile.Open(path).Set.Count);
        Assert.Equal(["vectors"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    public void Dispose() => temp.Dispose();
}
