using System.IO.MemoryMappedFiles;

namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// The arrays of an <see cref="Int8VectorSet"/> (int8 codes, one scale per row, sign bits, the mean they are taken
/// around): managed arrays, or an <see cref="Int8VectorFile"/>: its sign bits (scanned whole by every search) a view of
/// the memory-mapped file, its scales copied, and its codes read a row at a time from the file
/// (<see cref="RandomAccess.Read(Microsoft.Win32.SafeHandles.SafeFileHandle, Span{byte}, long)"/>): the OS page cache keeps
/// them, not the process. Mapped, a search that re-scores a thousand rows at random faulted in the whole file within a
/// query (the kernel maps a large page-cache folio, up to 2 MiB, around each touched row, whatever the madvise advice),
/// and the 91 MB of codes at 237k papers stayed in the resident set. Callers keep this object reachable while they use a
/// span (<see cref="GC.KeepAlive"/>): the mapping is released by its finalizer, never while a reader holds it.
/// </summary>
internal sealed unsafe class Int8VectorData
{
    private readonly sbyte[]? codes;
    private readonly float[]? scales;
    private readonly ulong[]? signs;
    private readonly float[] mean;
    private readonly MemoryMappedViewAccessor? view;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? file;
    private readonly byte* basePointer;
    private readonly long codesOffset;
    private readonly long signsOffset;

    public Int8VectorData(sbyte[] codes, float[] scales, ulong[] signs, float[] mean, int count, int dimension)
    {
        this.codes = codes;
        this.scales = scales;
        this.signs = signs;
        this.mean = mean;
        Count = count;
        Dimension = dimension;
        Words = (dimension + 63) / 64;
    }

    /// <summary>
    /// A file's set: sign bits viewed in <paramref name="view"/> (which covers the file from offset 0; the mapping
    /// outlives the file object), <paramref name="scales"/> read already, codes read from <paramref name="file"/> at
    /// <paramref name="codesOffset"/>. Takes ownership of the view and the handle.
    /// </summary>
    public Int8VectorData(MemoryMappedViewAccessor view, Microsoft.Win32.SafeHandles.SafeFileHandle file, float[] scales, float[] mean, int count, int dimension, long codesOffset, long signsOffset)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(file);
        this.view = view;
        this.file = file;
        this.scales = scales;
        this.mean = mean;
        Count = count;
        Dimension = dimension;
        Words = (dimension + 63) / 64;
        this.codesOffset = codesOffset;
        this.signsOffset = signsOffset;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        basePointer = pointer + view.PointerOffset;

        // Only the sign bits are read through the mapping (all of them, in order, by each search).
    }

    ~Int8VectorData()
    {
        if (view is not null)
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    public int Count { get; }

    public int Dimension { get; }

    /// <summary>64-bit words of sign bits per row.</summary>
    public int Words { get; }

    /// <summary>True when the arrays are views of a mapped file.</summary>
    public bool IsMapped => view is not null;

    /// <summary>Every row's codes (managed arrays only: a file's set reads them a row at a time, <see cref="RowCodes"/>).</summary>
    public ReadOnlySpan<sbyte> Codes => codes ?? throw new InvalidOperationException("a file's codes are read a row at a time");

    public ReadOnlySpan<float> Scales => scales!;

    /// <summary>Row <paramref name="row"/>'s codes: a slice of the managed array, or read from the file into <paramref name="buffer"/> (of <see cref="Dimension"/> bytes).</summary>
    public ReadOnlySpan<sbyte> RowCodes(int row, Span<sbyte> buffer)
    {
        if (codes is not null)
        {
            return codes.AsSpan(row * Dimension, Dimension);
        }

        ArgumentOutOfRangeException.ThrowIfNotEqual(buffer.Length, Dimension);
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(buffer);
        var offset = codesOffset + ((long)row * Dimension);
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(file!, bytes[read..], offset + read);
            if (n <= 0)
            {
                throw new InvalidDataException("the vector file is truncated");
            }

            read += n;
        }

        return buffer;
    }

    public ReadOnlySpan<ulong> Signs => signs ?? new ReadOnlySpan<ulong>(basePointer + signsOffset, checked(Math.Max(1, Count) * Words));

    public ReadOnlySpan<float> Mean => mean;

    /// <summary>Bytes of codes, scales and sign bits (mapped or not).</summary>
    public long Bytes => ((long)Count * Dimension) + (4L * Count) + (8L * Math.Max(1, Count) * Words);
}
