namespace PaperLsp.Embeddings.Runtime;

/// <summary>The user forced an execution provider (e.g. CUDA) that this machine's ONNX Runtime cannot give.</summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException()
    {
    }

    public ExecutionProviderUnavailableException(string message)
        : base(message)
    {
    }

    public ExecutionProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
