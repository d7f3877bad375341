namespace PaperLsp.Embeddings;

/// <summary>What a text is to a retrieval model: the question asked, or a passage that may answer it.</summary>
public enum EmbeddingRole
{
    /// <summary>A paper's text (title and abstract): gets the model's document prefix.</summary>
    Document,

    /// <summary>What the writer typed (a citing sentence, a search): gets the model's query prefix.</summary>
    Query,
}
