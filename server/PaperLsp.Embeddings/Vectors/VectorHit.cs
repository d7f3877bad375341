namespace PaperLsp.Embeddings.Vectors;

/// <summary>One search result: the row number (insertion order, from 0) and its dot-product score.</summary>
public readonly record struct VectorHit(int Row, float Score);
