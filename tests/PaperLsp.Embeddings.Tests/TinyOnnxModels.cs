using PaperLsp.Embeddings.Models;
using PaperLsp.Embeddings.Tests.Onnx;

namespace PaperLsp.Embeddings.Tests;

/// <summary>A tiny BERT-style model written with our ONNX writer: last_hidden_state = Gather(table, input_ids).</summary>
internal static class TinyOnnxModels
{
    // WordPiece vocabulary; ids are line numbers.
    public static readonly string[] Vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "paper", "cite", "##s", "graph"];

    // One 3-d row per vocabulary entry.
    public static readonly float[][] Table =
    [
        [0, 0, 0], // [PAD]
        [1, 1, 1], // [UNK]
        [3, 0, 4], // [CLS]
        [0, 1, 0], // [SEP]
        [0, 0, 0], // [MASK]
        [1, 2, 0], // paper
        [0, 0, 2], // cite
        [1, 0, 0], // ##s
        [2, 2, 0], // graph
    ];

    public static byte[] GatherModel(bool withTokenTypeIds = true)
    {
        var g = new OnnxGraphBuilder("tiny_bert");
        g.AddInput("input_ids", OnnxElementType.Int64, OnnxDimension.Named("batch"), OnnxDimension.Named("seq"));
        g.AddInput("attention_mask", OnnxElementType.Int64, OnnxDimension.Named("batch"), OnnxDimension.Named("seq"));
        if (withTokenTypeIds)
        {
            g.AddInput("token_type_ids", OnnxElementType.Int64, OnnxDimension.Named("batch"), OnnxDimension.Named("seq"));
        }

        g.AddOutput("last_hidden_state", OnnxElementType.Float, OnnxDimension.Named("batch"), OnnxDimension.Named("seq"), OnnxDimension.Fixed(3));
        g.AddFloats("table", Table.SelectMany(r => r).ToArray(), Table.Length, 3);
        g.Node("Gather", ["table", "input_ids"], ["last_hidden_state"], OnnxAttribute.Int("axis", 0));
        return g.ToBytes("paperlsp-tests", "1");
    }

    /// <summary>Writes a model folder (model.onnx, vocab.txt, model.json) and returns its path.</summary>
    public static string WriteBertFolder(string directory, PoolingMode pooling, bool normalize, int maxTokens = 16)
    {
        Directory.CreateDirectory(directory);
        var modelPath = Path.Combine(directory, "model.onnx");
        File.WriteAllBytes(modelPath, GatherModel());
        File.WriteAllLines(Path.Combine(directory, "vocab.txt"), Vocab);
        new ModelManifest
        {
            Name = "tiny-bert",
            Dimension = 3,
            MaxTokens = maxTokens,
            Pooling = pooling,
            Normalize = normalize,
            Tokenizer = TokenizerKind.BertWordPiece,
            TokenizerFile = "vocab.txt",
            LowerCase = true,
            Sha256 = OnnxTextEmbedder.ComputeSha256(modelPath),
        }.Save(directory);
        return directory;
    }
}
