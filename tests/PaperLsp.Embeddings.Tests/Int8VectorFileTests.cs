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

    /// <summary>
    /// The streaming writer, which never holds the set, writes the very bytes that writing the built set does (the mean,
    /// the sign bits against it, scales, codes), for a dimension with a partial last sign word and vectors of any
    /// length; with no rows, or disposed before finishing, it writes nothing and leaves no scratch file.
    /// </summary>
    [Fact]
    public void The_streaming_writer_writes_the_same_bytes_as_writing_the_built_set_and_leaves_nothing_behind()
    {
        const int dimension = 100;
        var random = new Random(11);
        var vectors = Enumerable.Range(0, 700).Select(i => Enumerable.Range(0, dimension).Select(_ => (float)(((random.NextDouble() * 2) - 1) * (1 + (i % 7)))).ToArray()).ToList();
        var keys = Enumerable.Range(0, vectors.Count).Select(i => (long)(i * 5) + 2).ToArray();
        var builder = new Int8VectorSet.Builder(dimension, 16);
        vectors.ForEach(v => builder.Add(v));
        var built = Path.Combine(temp.Path, "built");
        Int8VectorFile.Write(built, builder.Build(), keys, "sig"u8);

        var streamed = Path.Combine(temp.Path, "streamed");
        using (var writer = new Int8VectorFileWriter(streamed, dimension))
        {
            for (var i = 0; i < vectors.Count; i++)
            {
                writer.Add(keys[i], vectors[i]);
            }

            Assert.Equal(vectors.Count, writer.Count);
            Assert.Equal(vectors.Count, writer.Finish("sig"u8));
        }

        Assert.Equal(File.ReadAllBytes(built), File.ReadAllBytes(streamed));
        Assert.Equal(["built", "streamed"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var empty = Path.Combine(temp.Path, "empty");
        using (var writer = new Int8VectorFileWriter(empty, dimension))
        {
            Assert.Equal(0, writer.Finish("sig"u8));
        }

        using (var writer = new Int8VectorFileWriter(Path.Combine(temp.Path, "abandoned"), dimension))
        {
            writer.Add(1, vectors[0]);
        }

        Assert.Equal(["built", "streamed"], Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
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
        var copy = Path.Combine(temp.Path, "copy");
        Int8VectorFile.Write(copy, mapped, Enumerable.Range(0, 40).Select(i => (long)i).ToArray(), "c"u8); // a file's set written again
        Assert.Equal(before, Int8VectorFile.Open(copy).Set.Score(5, query));
        File.Delete(copy);
        Assert.Equal(first.Score(5, query), before);
        Assert.Equal(60, Int8VectorFile.Open(path).Set.Count);
        Assert.Equal(["vectors"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Scoring_every_row_of_a_file_set_leaves_its_codes_in_the_page_cache_not_in_the_resident_set()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /proc/self/smaps tells what of the file is mapped into the process
        }

        const int dimension = 384;
        var set = RandomSet(20_000, dimension, 4);
        var path = Path.Combine(temp.Path, "vectors-resident");
        Int8VectorFile.Write(path, set, Enumerable.Range(0, set.Count).Select(i => (long)i).ToArray(), "r"u8);
        var (_, mapped, _) = Int8VectorFile.Open(path);
        var query = new float[dimension];
        query[7] = 1;
        var sum = 0f;
        for (var row = 0; row < mapped.Count; row++)
        {
            sum += mapped.Score(row, query); // every row read once: mapped codes would all be resident now
        }

        var fileBytes = new FileInfo(path).Length;
        var resident = ResidentBytes(path);
        Assert.True(float.IsFinite(sum));
        Assert.True(resident > 0, "the mapping is not in /proc/self/smaps");
        Assert.True(resident < fileBytes / 2, $"{resident:N0} of the file's {fileBytes:N0} bytes are still resident");
        Assert.Equal(set.Score(12_345, query), mapped.Score(12_345, query));
        GC.KeepAlive(mapped);
    }

    /// <summary>Sum of the Rss lines of this process's mappings of <paramref name="path"/>.</summary>
    private static long ResidentBytes(string path)
    {
        long total = 0;
        var inFile = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.Length > 0 && char.IsAsciiHexDigit(line[0]) && line.Contains('-', StringComparison.Ordinal) && line.Contains(' ', StringComparison.Ordinal))
            {
                inFile = line.EndsWith(path, StringComparison.Ordinal);
            }
            else if (inFile && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                total += long.Parse(line["Rss:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return total;
    }

    public void Dispose() => temp.Dispose();
}
