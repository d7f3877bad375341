namespace PaperLsp.Embeddings.Models;

/// <summary>How a model's per-token output [batch, seq, dim] becomes one vector per text.</summary>
public enum PoolingMode
{
    /// <summary>The model already outputs one vector per text ([batch, dim]).</summary>
    None,

    /// <summary>Average of the token vectors where attention_mask is 1.</summary>
    Mean,

    /// <summary>The first token's vector ([CLS]).</summary>
    Cls,
}
