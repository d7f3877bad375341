namespace PaperLsp.Embeddings.Quantization;

/// <summary>
/// The result of <see cref="OnnxWeightQuantizer.Quantize"/>: the rewritten ONNX model, how many MatMuls it has and how
/// many of them now run on int8 weights, and (when none could be) why.
/// </summary>
public sealed record QuantizedModel(byte[] Bytes, int MatMuls, int QuantizedMatMuls, string? Note);
