namespace PaperLsp.Embeddings.Models;

/// <summary>A model folder, manifest, vocabulary or weight file is missing or malformed.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException()
    {
    }

    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
