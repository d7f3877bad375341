namespace PaperLsp.Embeddings.Runtime;

/// <summary>Which ONNX Runtime execution provider the user asked for.</summary>
public enum ExecutionProviderPreference
{
    /// <summary>CUDA when a CUDA-enabled ONNX Runtime is loaded and works, otherwise CPU.</summary>
    Auto,

    Cpu,

    /// <summary>CUDA or a clear error.</summary>
    Cuda,
}
