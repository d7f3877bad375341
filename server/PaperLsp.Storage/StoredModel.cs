namespace PaperLsp.Storage;

/// <summary>An embedding model registered in the index, and how many vectors it has there.</summary>
public sealed record StoredModel(string ModelId, string Name, int Dimension, string Sha256, long VectorCount);
