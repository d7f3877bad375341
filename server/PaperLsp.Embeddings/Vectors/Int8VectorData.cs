using System.IO.MemoryMappedFiles;

namespace PaperLsp.Embeddings.Vectors;

/// <summary>
/// The arrays of an <see cref="Int8VectorSet"/> (int8 codes, one scale per row, sign bits, the mean they are taken
/// around): managed arrays, or views of a memory-mapped <see cref="Int8VectorFile"/>, whose pages the OS shares, reads
/// on first touch and can drop again (so a search that scores a few hundred rows keeps only those pages resident).
/// Callers keep this object reachable while they use a span (<see cref="GC.KeepAlive"/>): the mapping is released by
/// its finalizer, never while a reader holds it.
/// </summary>
internal sealed unsafe class Int8VectorData
{
    private readonly sbyte[]? codes;
    private readonly float[]? scales;
    private readonly ulong[]? signs;
    private readonly float[] mean;
    private readonly MemoryMappedViewAccessor? view;
    private readonly byte* basePointer;
    private readonly long codesOffset;
    private readonly long scalesOffset;
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

    /// <summary>Views of a mapped file (<paramref name="view"/> covers it from offset 0; the mapping outlives the file object); takes ownership of the view.</summary>
    public Int8VectorData(MemoryMappedViewAccessor view, float[] mean, int count, int dimension, long codesOffset, long scalesOffset, long signsOffset)
    {
        ArgumentNullException.ThrowIfNull(view);
        this.view = view;
        this.mean = mean;
        Count = count;
        Dimension = dimension;
        Words = (dimension + 63) / 64;
        this.codesOffset = codesOffset;
        this.scalesOffset = scalesOffset;
        this.signsOffset = signsOffset;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        basePointer = pointer + view.PointerOffset;

        // Rows are read a few hundred at a time in random order: without this advice each touched row maps the 64 KiB
        // around it too (fault-around and read-around), and within a session the whole file ends up resident.
        PaperLsp.Embeddings.Runtime.NativeHeap.AdviseRandomAccess(pointer, (nuint)(view.PointerOffset + view.Capacity));
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

    public ReadOnlySpan<sbyte> Codes => codes ?? new ReadOnlySpan<sbyte>(basePointer + codesOffset, checked(Count * Dimension));

    public ReadOnlySpan<float> Scales => scales ?? new ReadOnlySpan<float>(basePointer + scalesOffset, Count);

    public ReadOnlySpan<ulong> Signs => signs ?? new ReadOnlySpan<ulong>(basePointer + signsOffset, checked(Math.Max(1, Count) * Words));

    public ReadOnlySpan<float> Mean => mean;

    /// <summary>Bytes of codes, scales and sign bits (mapped or not).</summary>
    public long Bytes => ((long)Count * Dimension) + (4L * Count) + (8L * Math.Max(1, Count) * Words);
}
