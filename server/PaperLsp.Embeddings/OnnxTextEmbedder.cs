using System.Numerics.Tensors;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Embeddings.Tokenization;

namespace PaperLsp.Embeddings;

/// <summary>
/// Embeds texts with an ONNX model described by a <see cref="ModelManifest"/>. One <see cref="InferenceSession"/>
/// is shared by all callers (thread-safe). Texts are tokenized, sorted by token count and run in batches padded
/// only to the longest text of each batch; per-token outputs are pooled (mean/CLS) and vectors L2-normalised as
/// the manifest says.
/// </summary>
public sealed class OnnxTextEmbedder : IEmbeddingModel, IDisposable
{
    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";

    private readonly InferenceSession session;
    private readonly ITextTokenizer tokenizer;
    private readonly ModelManifest manifest;
    private readonly EmbedderOptions options;
    private readonly string[] inputNames;
    private readonly string outputName;

    private OnnxTextEmbedder(InferenceSession session, ITextTokenizer tokenizer, ModelLocation location, EmbedderOptions options, ExecutionProviderSelection provider, int maxTokens)
    {
        var manifest = location.Manifest;
        var directory = location.Directory;
        Location = location;
        this.session = session;
        this.tokenizer = tokenizer;
        this.manifest = manifest;
        this.options = options;
        ExecutionProvider = provider;
        ModelDirectory = directory;
        Info = manifest.Info(maxTokens);
        if (options.Weights == WeightPrecision.Int8)
        {
            Info = Info with { Id = Info.Id + Int8IdSuffix };
        }

        var inputs = session.InputMetadata.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var required in new[] { InputIds, AttentionMask })
        {
            if (!inputs.Contains(required))
            {
                throw new ModelFormatException($"model '{manifest.Name}' has no input '{required}' (inputs: {string.Join(", ", inputs)})");
            }
        }

        inputNames = inputs.Contains(TokenTypeIds) ? [InputIds, AttentionMask, TokenTypeIds] : [InputIds, AttentionMask];
        var unknown = inputs.Except(inputNames).ToArray();
        if (unknown.Length > 0)
        {
            throw new ModelFormatException($"model '{manifest.Name}' needs inputs PaperLsp cannot feed: {string.Join(", ", unknown)}");
        }

        outputName = manifest.Output ?? session.OutputMetadata.Keys.First();
        if (!session.OutputMetadata.TryGetValue(outputName, out var output))
        {
            throw new ModelFormatException($"model '{manifest.Name}' has no output '{outputName}'");
        }

        var last = output.Dimensions.Length > 0 ? output.Dimensions[^1] : -1;
        if (last > 0 && last != manifest.Dimension)
        {
            throw new ModelFormatException($"model '{manifest.Name}': manifest says dimension {manifest.Dimension} but output '{outputName}' has {last}");
        }
    }

    /// <summary>Appended to the model id of vectors made with int8 weights (<see cref="WeightPrecision.Int8"/>).</summary>
    public const string Int8IdSuffix = "-q8";

    public ModelInfo Info { get; }

    /// <summary>How the MatMul weights were quantized when the model was opened: "float32", or "int8 (36 of 48 MatMuls, 412 ms)".</summary>
    public string WeightsDescription { get; private init; } = "float32";

    public ModelManifest Manifest => this.manifest;

    /// <summary>Where the model was opened from.</summary>
    public ModelLocation Location { get; }

    /// <summary>The options it was opened with.</summary>
    public EmbedderOptions Options => this.options;

    public string ModelDirectory { get; }

    /// <summary>The execution provider the session runs on and why.</summary>
    public ExecutionProviderSelection ExecutionProvider { get; }

    /// <summary>"CPU" or "CUDA".</summary>
    public string ActiveProvider => ExecutionProvider.ActiveProvider;

    public ITextTokenizer Tokenizer => this.tokenizer;

    /// <summary>Opens the model folder <paramref name="modelDirectory"/> (model.json + the files it names).</summary>
    public static OnnxTextEmbedder Open(string modelDirectory, EmbedderOptions? options = null) =>
        Open(ModelLocation.FromFolder(modelDirectory), options);

    /// <summary>
    /// Opens a located model. A packaged model's ONNX graph and vocabulary are read from its assembly's resources (the
    /// assembly is never loaded) and must match the manifest's SHA-256 pins; a folder model's file is checked only with
    /// <see cref="EmbedderOptions.VerifyChecksum"/>.
    /// </summary>
    public static OnnxTextEmbedder Open(ModelLocation location, EmbedderOptions? options = null)
    {
        options ??= new EmbedderOptions();
        var manifest = location.Manifest;
        var maxTokens = options.MaxTokens ?? manifest.MaxTokens;
        byte[]? modelBytes = null;
        if (manifest.Tokenizer != TokenizerKind.BertWordPiece)
        {
            throw new ModelFormatException($"unknown tokenizer kind {manifest.Tokenizer}");
        }

        BertWordPieceTokenizer tokenizer;
        if (manifest.Assembly is not null)
        {
            var assembly = location.ModelPath;
            modelBytes = AssemblyResources.Read(assembly, manifest.ModelFile);
            var vocabulary = AssemblyResources.Read(assembly, manifest.TokenizerFile);
            RequireHash(modelBytes, manifest.Sha256, $"{assembly}!{manifest.ModelFile}");
            RequireHash(vocabulary, manifest.TokenizerSha256, $"{assembly}!{manifest.TokenizerFile}");
            tokenizer = BertWordPieceTokenizer.FromVocabulary(vocabulary, manifest.LowerCase, maxTokens);
        }
        else
        {
            var modelPath = location.ModelPath;
            var tokenizerPath = Path.Combine(location.Directory, manifest.TokenizerFile);
            if (!File.Exists(modelPath))
            {
                throw new ModelFormatException($"model file '{modelPath}' named by the manifest does not exist");
            }

            if (!File.Exists(tokenizerPath))
            {
                throw new ModelFormatException($"tokenizer file '{tokenizerPath}' named by the manifest does not exist");
            }

            if (options.VerifyChecksum)
            {
                var actual = ComputeSha256(modelPath);
                if (!string.Equals(actual, manifest.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ModelFormatException($"model file '{modelPath}' has SHA-256 {actual}, the manifest expects {manifest.Sha256}: prepare the model again");
                }
            }

            tokenizer = BertWordPieceTokenizer.FromVocabTxt(tokenizerPath, manifest.LowerCase, maxTokens);
        }

        var weightsDescription = "float32";
        if (options.Weights != WeightPrecision.Float32)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var quantized = Quantization.OnnxWeightQuantizer.Quantize(modelBytes ?? File.ReadAllBytes(location.ModelPath));
            if (quantized.QuantizedMatMuls == 0)
            {
                throw new ModelFormatException($"model '{manifest.Name}' cannot run with int8 weights: {quantized.Note}");
            }

            modelBytes = quantized.Bytes;
            weightsDescription = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"int8 ({quantized.QuantizedMatMuls} of {quantized.MatMuls} MatMuls, quantized in {clock.ElapsedMilliseconds} ms)");
        }

        ExecutionProviderSelector.UseNativeLibrary(options.NativeLibraryPath, options.Provider);
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            EnableCpuMemArena = options.ReuseBuffers,
            EnableMemoryPattern = options.ReuseBuffers,
        };

        // No busy-waiting between operators: an editor's language server should not burn idle cores.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            var provider = ExecutionProviderSelector.Apply(sessionOptions, options.Provider, options.Log);
            InferenceSession session;
            try
            {
                session = modelBytes is not null ? new InferenceSession(modelBytes, sessionOptions) : new InferenceSession(location.ModelPath, sessionOptions);
            }
            catch (OnnxRuntimeException ex)
            {
                throw new ModelFormatException($"ONNX Runtime cannot load '{location.ModelPath}': {ex.Message}", ex);
            }

            if (modelBytes is not null)
            {
                // The session holds its own copy of the weights: the managed copy of the graph (90 MB for the packaged
                // model; ~300 MB of short-lived arrays after an int8 rewrite) is garbage now. It lies in the large object
                // heap, which only a full collection frees, and its pages stayed resident into the typing session (the
                // server's peak): return them to the OS now rather than at some later full collection.
                modelBytes = null;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }

            try
            {
                return new OnnxTextEmbedder(session, tokenizer, location, options, provider, maxTokens) { WeightsDescription = weightsDescription };
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
        finally
        {
            sessionOptions.Dispose();
        }
    }

    private static void RequireHash(byte[] bytes, string? expected, string what)
    {
        if (expected is null)
        {
            return;
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelFormatException($"'{what}' has SHA-256 {actual}, PaperLsp expects {expected}: restore the pinned package version");
        }
    }

    public static string ComputeSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public float[] Embed(string text, EmbeddingRole role, CancellationToken cancellationToken = default) => Embed([text], role, cancellationToken)[0];

    public float[][] Embed(IReadOnlyList<string> texts, EmbeddingRole role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (role == EmbeddingRole.Document && options.Weights == WeightPrecision.Int8Queries)
        {
            // Its vectors carry the float model's id: int8 document vectors must never be stored under it.
            throw new InvalidOperationException($"model '{Info.Id}' was opened with int8 weights for queries only; open it with float32 or int8 weights to embed documents");
        }

        var dimension = manifest.Dimension;
        var results = new float[texts.Count][];
        var tokenized = new int[texts.Count][];
        var prefix = (role == EmbeddingRole.Query ? manifest.QueryPrefix : manifest.DocumentPrefix) ?? "";
        for (var i = 0; i < texts.Count; i++)
        {
            // The prefix is put only before text there is: an empty text stays empty (a zero vector).
            var text = texts[i] ?? "";
            tokenized[i] = tokenizer.Encode(prefix.Length > 0 && !string.IsNullOrWhiteSpace(text) ? prefix + text : text);
        }

        // Longest first, so each batch pads to a length close to all of its members.
        var order = Enumerable.Range(0, texts.Count)
            .Where(i => tokenized[i].Length > 0)
            .OrderByDescending(i => tokenized[i].Length)
            .ThenBy(i => i)
            .ToArray();
        for (var i = 0; i < texts.Count; i++)
        {
            if (tokenized[i].Length == 0)
            {
                results[i] = new float[dimension];
            }
        }

        var start = 0;
        while (start < order.Length)
        {
            options.BeforeRun?.Invoke(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            var longest = tokenized[order[start]].Length;
            var batchSize = Math.Clamp(options.MaxBatchTokens / longest, 1, Math.Max(1, options.MaxBatchSize));
            batchSize = Math.Min(batchSize, order.Length - start);
            RunBatch(order.AsSpan(start, batchSize), tokenized, longest, results, cancellationToken);
            start += batchSize;
        }

        return results;
    }

    public void Dispose() => this.session.Dispose();

    private void RunBatch(ReadOnlySpan<int> batch, int[][] tokenized, int sequenceLength, float[][] results, CancellationToken cancellationToken)
    {
        var count = batch.Length;
        var ids = new long[count * sequenceLength];
        var mask = new long[count * sequenceLength];
        for (var row = 0; row < count; row++)
        {
            var tokens = tokenized[batch[row]];
            for (var t = 0; t < tokens.Length; t++)
            {
                ids[(row * sequenceLength) + t] = tokens[t];
                mask[(row * sequenceLength) + t] = 1;
            }
        }

        long[] shape = [count, sequenceLength];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typeValue = inputNames.Length == 3 ? OrtValue.CreateTensorValueFromMemory(new long[count * sequenceLength], shape) : null;
        var inputs = inputNames.Length == 3 ? new[] { idsValue, maskValue, typeValue! } : new[] { idsValue, maskValue };

        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(() => runOptions.Terminate = true);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = session.Run(runOptions, inputNames, inputs, [outputName]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelFormatException($"model '{manifest.Name}' failed on a batch of {count} × {sequenceLength} tokens: {ex.Message}", ex);
        }

        using (outputs)
        {
            var output = outputs[0];
            var outputShape = output.GetTensorTypeAndShape().Shape;
            var data = output.GetTensorDataAsSpan<float>();
            var dimension = manifest.Dimension;
            for (var row = 0; row < count; row++)
            {
                var vector = outputShape.Length switch
                {
                    2 => data.Slice(row * dimension, dimension).ToArray(),
                    3 => Pool(data, row, (int)outputShape[1], dimension, tokenized[batch[row]].Length),
                    _ => throw new ModelFormatException($"output '{outputName}' has rank {outputShape.Length}; expected [batch, dim] or [batch, seq, dim]"),
                };
                if (manifest.Normalize)
                {
                    Vectors.VectorIndex.NormalizeInPlace(vector);
                }

                results[batch[row]] = vector;
            }
        }
    }

    private float[] Pool(ReadOnlySpan<float> data, int row, int sequenceLength, int dimension, int tokenCount)
    {
        var rowData = data.Slice(row * sequenceLength * dimension, sequenceLength * dimension);
        var vector = new float[dimension];
        switch (this.manifest.Pooling)
        {
            case PoolingMode.Cls:
                rowData[..dimension].CopyTo(vector);
                break;
            case PoolingMode.Mean:
                for (var t = 0; t < tokenCount; t++)
                {
                    TensorPrimitives.Add(vector, rowData.Slice(t * dimension, dimension), vector);
                }

                TensorPrimitives.Divide(vector, Math.Max(1, tokenCount), vector);
                break;
            default:
                throw new ModelFormatException($"model '{this.manifest.Name}' outputs per-token vectors but its manifest sets no pooling (mean or cls)");
        }

        return vector;
    }
}
