namespace PaperLsp.Embeddings.Tests.Onnx;

/// <summary>ONNX tensor element types (values of TensorProto.DataType) that PaperLsp writes.</summary>
public enum OnnxElementType
{
    Float = 1,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
}
