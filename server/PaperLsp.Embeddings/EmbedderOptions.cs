using PaperLsp.Embeddings.Runtime;

namespace PaperLsp.Embeddings;

/// <summary>How <see cref="OnnxTextEmbedder"/> runs its model.</summary>
public sealed record EmbedderOptions
{
    public ExecutionProviderPreference Provider { get; init; } = ExecutionProviderPreference.Auto;

    /// <summary>Path of a CUDA-enabled libonnxruntime; null = <c>$PAPERLSP_ORT_NATIVE</c> or the bundled CPU build.</summary>
    public string? NativeLibraryPath { get; init; }

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 = one per core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Most tokens embedded per text (special tokens included); null = the manifest's. Part of the model's id in an index.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Most texts run through the model at once.</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>Most padded tokens (batch × longest sequence) in one run; keeps memory bounded for long texts.</summary>
    public int MaxBatchTokens { get; init; } = 4096;

    /// <summary>
    /// Keep ONNX Runtime's CPU memory arena and memory patterns between runs (the default: faster batches, but the arena
    /// keeps the largest size any run needed). False for a long-lived query model (the server's): every run's buffers
    /// go back to the allocator, which keeps the resident set small.
    /// </summary>
    public bool ReuseBuffers { get; init; } = true;

    /// <summary>Float32 (as shipped), int8 MatMul weights (own model id), or int8 for queries against float document vectors.</summary>
    public WeightPrecision Weights { get; init; } = WeightPrecision.Float32;

    /// <summary>Recompute the model file's SHA-256 on open and refuse a file that does not match its manifest.</summary>
    public bool VerifyChecksum { get; init; }

    /// <summary>
    /// Called before each model run with the call's cancellation token (null: none). A background embedder uses it to
    /// wait while the editor's requests run; the runs and their results are the same either way.
    /// </summary>
    public Action<CancellationToken>? BeforeRun { get; init; }

    /// <summary>Receives the one-line notes (e.g. why CPU was chosen).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// The options for a session that embeds documents with the same model: <see cref="WeightPrecision.Int8Queries"/>
    /// becomes float32 (its vectors are stored under the float id, so they must be the float model's); the rest is kept.
    /// </summary>
    public EmbedderOptions ForDocuments() => Weights == WeightPrecision.Int8Queries ? this with { Weights = WeightPrecision.Float32 } : this;
}
