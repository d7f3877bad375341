using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PaperLsp.Embeddings.Vectors;

/// <summary>Dot product of two int8 vectors with int32 accumulation (AVX2 multiply-add when available).</summary>
internal static class Int8Dot
{
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var length = Math.Min(a.Length, b.Length);
        var i = 0;
        var total = 0;
        if (Avx2.IsSupported && length >= 16)
        {
            ref var pa = ref MemoryMarshal.GetReference(a);
            ref var pb = ref MemoryMarshal.GetReference(b);
            var acc = Vector256<int>.Zero;
            for (; i + 16 <= length; i += 16)
            {
                var wa = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pa, (nuint)i));
                var wb = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref pb, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(wa, wb));
            }

            total = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && length >= 16)
        {
            ref var pa = ref MemoryMarshal.GetReference(a);
            ref var pb = ref MemoryMarshal.GetReference(b);
            var acc = Vector128<int>.Zero;
            for (; i + 16 <= length; i += 16)
            {
                var va = Vector128.LoadUnsafe(ref pa, (nuint)i);
                var vb = Vector128.LoadUnsafe(ref pb, (nuint)i);
                var (aLow, aHigh) = Vector128.Widen(va);
                var (bLow, bHigh) = Vector128.Widen(vb);
                var products = (aLow * bLow, aHigh * bHigh);
                var (p0, p1) = Vector128.Widen(products.Item1);
                var (p2, p3) = Vector128.Widen(products.Item2);
                acc += p0 + p1 + p2 + p3;
            }

            total = Vector128.Sum(acc);
        }

        for (; i < length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}
