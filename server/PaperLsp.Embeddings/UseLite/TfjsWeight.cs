namespace PaperLsp.Embeddings.UseLite;

/// <summary>One named weight tensor read from a TensorFlow.js weights manifest (little-endian raw bytes).</summary>
public sealed record TfjsWeight(string Name, IReadOnlyList<long> Shape, string DataType, byte[] Data)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}
