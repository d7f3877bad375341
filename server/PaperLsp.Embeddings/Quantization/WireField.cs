namespace PaperLsp.Embeddings.Quantization;

/// <summary>
/// One field of a protobuf message as it lies in the encoded bytes: its number, wire type, the varint value (wire type
/// 0), the value bytes (length-delimited or fixed-width) and the whole field (tag included) to copy it unchanged.
/// </summary>
internal readonly record struct WireField(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Value, ReadOnlyMemory<byte> Raw)
{
    public const int VarintType = 0;
    public const int Fixed64Type = 1;
    public const int LengthDelimitedType = 2;
    public const int Fixed32Type = 5;

    /// <summary>The value read as UTF-8 text (a length-delimited string field).</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Value.Span);
}
