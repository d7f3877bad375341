using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// An <see cref="Int8VectorSet"/> on disk with a key per row and a signature saying what it was made from, so that a
/// process can map it in milliseconds instead of reading and quantizing every vector at start. Layout (little-endian):
/// a header (magic, version, count, dimension, sign words, signature length, section offsets), the keys (int64 per
/// row), the sign bits, the scales, the mean, the int8 codes, the signature. Written to a temporary file and renamed
/// over the old one, so a reader maps either the old file or the new one, never a half-written one.
/// </summary>
public static class Int8VectorFile
{
    internal const long Magic = 0x3130_4345_5650_4C50; // "PLPVEC01"
    internal const int FormatVersion = 1;
    internal const int HeaderSize = 80;

    /// <summary>Writes <paramref name="set"/> with one key per row and <paramref name="signature"/> to <paramref name="path"/> (atomically).</summary>
    public static void Write(string path, Int8VectorSet set, ReadOnlySpan<long> keys, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfNotEqual(keys.Length, set.Count);
        var data = set.Data;
        var temporary = TemporaryPath(path);
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            {
                WriteHeader(file, set.Count, set.Dimension, data.Words, data.Signs.Length, data.Scales.Length, data.Mean.Length, signature.Length);
                file.Write(MemoryMarshal.AsBytes(keys));
                file.Write(MemoryMarshal.AsBytes(data.Signs));
                file.Write(MemoryMarshal.AsBytes(data.Scales));
                file.Write(MemoryMarshal.AsBytes(data.Mean));
                if (set.IsMapped)
                {
                    var row = new sbyte[set.Dimension];
                    for (var r = 0; r < set.Count; r++)
                    {
                        file.Write(MemoryMarshal.AsBytes(data.RowCodes(r, row)));
                    }
                }
                else
                {
                    file.Write(MemoryMarshal.AsBytes(data.Codes));
                }
                file.Write(signature);
                GC.KeepAlive(data);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>The header: the format, the sizes and each section's offset (the sections follow in this order).</summary>
    internal static void WriteHeader(Stream file, int count, int dimension, int words, int signsLength, int scalesLength, int meanLength, int signatureLength)
    {
        var keysOffset = (long)HeaderSize;
        var signsOffset = keysOffset + (8L * count);
        var scalesOffset = signsOffset + (8L * signsLength);
        var meanOffset = scalesOffset + (4L * scalesLength);
        var codesOffset = meanOffset + (4L * meanLength);
        var signatureOffset = codesOffset + ((long)count * dimension);
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], count);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], dimension);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], words);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], signatureLength);
        long[] offsets = [keysOffset, signsOffset, scalesOffset, meanOffset, codesOffset, signatureOffset];
        for (var i = 0; i < offsets.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(header[(32 + (8 * i))..], offsets[i]);
        }

        RequireLittleEndian();
        file.Write(header);
    }

    /// <summary>The name of a writer's temporary file beside <paramref name="path"/> (<see cref="RemoveAbandonedTemporaries"/> knows it by its process id).</summary>
    internal static string TemporaryPath(string path, string kind = "") =>
        path + ".tmp-" + kind + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Opens the file at <paramref name="path"/>: its keys (copied), the set (sign bits mapped, scales copied, codes read
    /// from the file a row at a time: <see cref="Int8VectorData"/>) and its signature.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a vector file of this format version, or truncated.</exception>
    public static (long[] Keys, Int8VectorSet Set, byte[] Signature) Open(string path)
    {
        RequireLittleEndian();
        var length = new FileInfo(path).Length;
        if (length < HeaderSize)
        {
            throw new InvalidDataException("the vector file is truncated");
        }

        using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        Microsoft.Win32.SafeHandles.SafeFileHandle? handle = null;
        try
        {
            var header = new byte[HeaderSize];
            view.ReadArray(0, header, 0, HeaderSize);
            if (BinaryPrimitives.ReadInt64LittleEndian(header) != Magic || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)) != FormatVersion)
            {
                throw new InvalidDataException("not a PaperLsp vector file of this version");
            }

            var count = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
            var dimension = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16));
            var words = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20));
            var signatureLength = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(24));
            long Offset(int i) => BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(32 + (8 * i)));
            var (keysOffset, signsOffset, scalesOffset, meanOffset, codesOffset, signatureOffset) = (Offset(0), Offset(1), Offset(2), Offset(3), Offset(4), Offset(5));
            if (count < 0 || dimension <= 0 || words != (dimension + 63) / 64 || signatureLength < 0
                || keysOffset != HeaderSize || signsOffset != keysOffset + (8L * count) || scalesOffset != signsOffset + (8L * Math.Max(1, count) * words)
                || meanOffset != scalesOffset + (4L * count) || codesOffset != meanOffset + (4L * dimension)
                || signatureOffset != codesOffset + ((long)count * dimension) || signatureOffset + signatureLength != length
                || (long)count * dimension > int.MaxValue)
            {
                throw new InvalidDataException("the vector file is truncated or inconsistent");
            }

            var keys = new long[count];
            view.ReadArray(keysOffset, keys, 0, count);
            var mean = new float[dimension];
            view.ReadArray(meanOffset, mean, 0, dimension);
            var signature = new byte[signatureLength];
            view.ReadArray(signatureOffset, signature, 0, signatureLength);
            var scales = new float[count];
            view.ReadArray(scalesOffset, scales, 0, count);
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.RandomAccess);
            var set = new Int8VectorSet(new Int8VectorData(view, handle, scales, mean, count, dimension, codesOffset, signsOffset));
            return (keys, set, signature);
        }
        catch
        {
            view.Dispose();
            handle?.Dispose();
            throw;
        }
    }

    /// <summary>Removes temporary files left by writers that were killed (their process gone) next to <paramref name="path"/>.</summary>
    public static void RemoveAbandonedTemporaries(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var prefix = Path.GetFileName(path) + ".tmp-";
        try
        {
            foreach (var candidate in Directory.EnumerateFiles(directory, prefix + "*"))
            {
                var owner = Path.GetFileName(candidate)[prefix.Length..];
                owner = owner.StartsWith(ScratchKind, StringComparison.Ordinal) ? owner[ScratchKind.Length..] : owner;
                if (int.TryParse(owner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) && !ProcessIsAlive(pid))
                {
                    TryDelete(candidate);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static bool ProcessIsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>What names a streaming writer's scratch file of codes among the temporaries (before the process id).</summary>
    internal const string ScratchKind = "codes-";

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the vector file is written in this machine's byte order, which must be little-endian");
        }
    }
}
