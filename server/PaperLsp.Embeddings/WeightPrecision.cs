namespace PaperLsp.Embeddings;

/// <summary>The precision of the model's MatMul weights when <see cref="OnnxTextEmbedder"/> runs it.</summary>
public enum WeightPrecision
{
    /// <summary>The model as shipped (float32).</summary>
    Float32,

    /// <summary>
    /// The model's constant MatMul weights quantized to int8 when it is opened (activations quantized at run time). Its
    /// vectors are not the float model's: they carry their own model id (suffix <see cref="OnnxTextEmbedder.Int8IdSuffix"/>).
    /// </summary>
    Int8,

    /// <summary>
    /// The int8 graph for query vectors compared against the float model's document vectors: the embedder keeps the
    /// float model's id and refuses to embed documents, so no int8 document vector is ever stored under the float id.
    /// </summary>
    Int8Queries,
}
