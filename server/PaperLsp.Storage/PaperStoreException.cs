namespace PaperLsp.Storage;

/// <summary>The index cannot be used (missing, written by a newer PaperLsp, or unreadable); the message says why.</summary>
public sealed class PaperStoreException : Exception
{
    public PaperStoreException(string message) : base(message)
    {
    }

    public PaperStoreException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public PaperStoreException()
    {
    }
}
