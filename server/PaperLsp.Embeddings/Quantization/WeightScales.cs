namespace PaperLsp.Embeddings.Quantization;

/// <summary>How many scales an int8 weight matrix gets.</summary>
public enum WeightScales
{
    /// <summary>One scale for the whole matrix.</summary>
    PerTensor,

    /// <summary>One scale per output column (the default: a column of small weights keeps its resolution).</summary>
    PerColumn,
}
