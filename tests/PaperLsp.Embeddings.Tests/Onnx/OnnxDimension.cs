namespace PaperLsp.Embeddings.Tests.Onnx;

/// <summary>One dimension of a graph input/output shape: a fixed size or a symbolic name such as "batch".</summary>
public readonly record struct OnnxDimension(long Size, string? Symbol)
{
    public static OnnxDimension Fixed(long size) => new(size, null);

    public static OnnxDimension Named(string symbol) => new(0, symbol);

    public override string ToString() => Symbol ?? Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
