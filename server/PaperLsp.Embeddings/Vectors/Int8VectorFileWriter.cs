using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// Writes an <see cref="Int8VectorFile"/> from vectors added one at a time, without holding the set in memory: each
/// row's int8 codes go to a scratch file beside the target as they come, with its scale and key kept (12 bytes a row),
/// and <see cref="Finish"/> computes the sign bits from the scratch file once the mean is known. The file is the one
/// <see cref="Int8VectorFile.Write"/> writes for the <see cref="Int8VectorSet.Builder"/> set of the same rows, byte for
/// byte. At 237k papers of 384 dimensions that is ~3 MB held instead of ~100 MB (the codes and sign bits).
/// Disposing without <see cref="Finish"/> removes the scratch file and writes nothing.
/// </summary>
public sealed class Int8VectorFileWriter : IDisposable
{
    private readonly string path;
    private readonly int dimension;
    private readonly string scratchPath;
    private readonly FileStream scratch;
    private readonly List<long> keys = [];
    private readonly List<float> scales = [];
    private readonly float[] normalized;
    private readonly float[] row;
    private readonly sbyte[] codes;
    private readonly float[] mean;
    private bool done;

    public Int8VectorFileWriter(string path, int dimension)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        this.path = path;
        this.dimension = dimension;
        normalized = new float[dimension];
        row = new float[dimension];
        codes = new sbyte[dimension];
        mean = new float[dimension];
        Int8VectorFile.RemoveAbandonedTemporaries(path);
        scratchPath = Int8VectorFile.TemporaryPath(path, Int8VectorFile.ScratchKind);
        scratch = new FileStream(scratchPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20, FileOptions.DeleteOnClose);
    }

    /// <summary>Rows added so far.</summary>
    public int Count => keys.Count;

    /// <summary>Adds a vector (of the writer's dimension; normalised here, as the builder does) under <paramref name="key"/>.</summary>
    public void Add(long key, ReadOnlySpan<float> vector)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(vector.Length, dimension);
        ObjectDisposedException.ThrowIf(done, this);
        vector.CopyTo(normalized);
        VectorIndex.NormalizeInPlace(normalized);
        var scale = QuantizedVectorIndex.Quantize(normalized, codes);
        scratch.Write(MemoryMarshal.AsBytes(codes.AsSpan()));
        keys.Add(key);
        scales.Add(scale);
        Int8VectorSet.DequantizeRow(codes, scale, row);
        TensorPrimitives.Add(mean, row, mean); // the mean of the dequantized rows, summed in row order as the set does
    }

    /// <summary>Writes the file (atomically, over any file at the path) with <paramref name="signature"/>; returns the rows written (none: nothing is written).</summary>
    public int Finish(ReadOnlySpan<byte> signature)
    {
        ObjectDisposedException.ThrowIf(done, this);
        done = true;
        var count = keys.Count;
        if (count == 0)
        {
            scratch.Dispose();
            return 0;
        }

        TensorPrimitives.Divide(mean, count, mean);
        var words = (dimension + 63) / 64;
        var temporary = Int8VectorFile.TemporaryPath(path);
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Int8VectorFile.WriteHeader(file, count, dimension, words, count * words, count, dimension, signature.Length);
                file.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(keys)));
                scratch.Flush();
                scratch.Position = 0;
                var code = new ulong[words];
                var bytes = MemoryMarshal.AsBytes(codes.AsSpan());
                for (var r = 0; r < count; r++)
                {
                    scratch.ReadExactly(bytes);
                    Int8VectorSet.DequantizeRow(codes, scales[r], row);
                    Int8VectorSet.Encode(row, mean, code);
                    file.Write(MemoryMarshal.AsBytes(code.AsSpan()));
                }

                file.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(scales)));
                file.Write(MemoryMarshal.AsBytes(mean.AsSpan()));
                scratch.Position = 0;
                scratch.CopyTo(file);
                file.Write(signature);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            Int8VectorFile.TryDelete(temporary);
            throw;
        }
        finally
        {
            scratch.Dispose();
        }

        return count;
    }

    public void Dispose()
    {
        done = true;
        scratch.Dispose();
    }
}
