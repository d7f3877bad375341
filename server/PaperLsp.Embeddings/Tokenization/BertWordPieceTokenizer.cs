using System.Text;
using System.Text.Json;
using Microsoft.ML.Tokenizers;
using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings.Tokenization;

/// <summary>
/// BERT WordPiece tokenization (Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/> over a <c>vocab.txt</c>):
/// <c>[CLS] pieces… [SEP]</c>, truncated so the whole sequence fits in <see cref="MaxTokens"/>.
/// </summary>
public sealed class BertWordPieceTokenizer : ITextTokenizer
{
    private readonly BertTokenizer tokenizer;

    private readonly bool stripAccents;

    private BertWordPieceTokenizer(BertTokenizer tokenizer, int maxTokens, bool stripAccents)
    {
        this.tokenizer = tokenizer;
        MaxTokens = maxTokens;
        this.stripAccents = stripAccents;
    }

    public int MaxTokens { get; }

    /// <summary>
    /// Loads a WordPiece vocabulary: a <c>vocab.txt</c> (one piece a line, id = line number) or a Hugging Face
    /// <c>tokenizer.json</c> whose model is WordPiece (its <c>model.vocab</c> map is used; a BertNormalizer's
    /// <c>lowercase</c> flag there overrides <paramref name="lowerCase"/>).
    /// </summary>
    public static BertWordPieceTokenizer FromVocabTxt(string vocabPath, bool lowerCase, int maxTokens = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        if (!File.Exists(vocabPath))
        {
            throw new ModelFormatException($"WordPiece vocabulary '{vocabPath}' does not exist");
        }

        bool jsonLowerCase = lowerCase;
        byte[] vocabulary;
        try
        {
            vocabulary = vocabPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                ? VocabFromTokenizerJson(vocabPath, ref jsonLowerCase)
                : File.ReadAllBytes(vocabPath);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or IOException or JsonException or KeyNotFoundException)
        {
            throw new ModelFormatException($"cannot read WordPiece vocabulary '{vocabPath}': {ex.Message}", ex);
        }

        return FromVocabulary(vocabulary, jsonLowerCase, maxTokens);
    }

    /// <summary>
    /// A tokenizer over the bytes of a <c>vocab.txt</c> (one piece a line, id = line number). <paramref name="lowerCase"/>
    /// is the uncased BERT behaviour: lower-case and strip accents before splitting into pieces.
    /// </summary>
    public static BertWordPieceTokenizer FromVocabulary(byte[] vocabTxt, bool lowerCase, int maxTokens = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        try
        {
            using var vocab = new MemoryStream(vocabTxt, writable: false);
            var options = new BertOptions { LowerCaseBeforeTokenization = lowerCase, RemoveNonSpacingMarks = lowerCase, ApplyBasicTokenization = true };
            return new BertWordPieceTokenizer(BertTokenizer.Create(vocab, options), maxTokens, lowerCase);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or IOException or KeyNotFoundException)
        {
            throw new ModelFormatException($"cannot read WordPiece vocabulary: {ex.Message}", ex);
        }
    }

    private static byte[] VocabFromTokenizerJson(string path, ref bool lowerCase)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var model = doc.RootElement.GetProperty("model");
        if (model.TryGetProperty("type", out var type) && type.GetString() != "WordPiece")
        {
            throw new ModelFormatException($"'{path}' is a {type.GetString()} tokenizer; only WordPiece tokenizer.json files are supported");
        }

        if (doc.RootElement.TryGetProperty("normalizer", out var normalizer) && normalizer.ValueKind == JsonValueKind.Object
            && normalizer.TryGetProperty("lowercase", out var lower) && lower.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            lowerCase = lower.GetBoolean();
        }

        var pieces = model.GetProperty("vocab").EnumerateObject().Select(p => (Piece: p.Name, Id: p.Value.GetInt32())).OrderBy(p => p.Id).ToList();
        for (var i = 0; i < pieces.Count; i++)
        {
            if (pieces[i].Id != i)
            {
                throw new ModelFormatException($"'{path}': WordPiece ids must run 0..{pieces.Count - 1} without gaps (id {i} is missing)");
            }
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', pieces.Select(p => p.Piece)) + "\n");
    }

    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        if (stripAccents)
        {
            text = AccentStripper.Strip(text);
        }

        var pieces = tokenizer.EncodeToIds(text, MaxTokens - 2, addSpecialTokens: false, out _, out _);
        if (pieces.Count == 0)
        {
            return [];
        }

        var ids = new int[pieces.Count + 2];
        ids[0] = tokenizer.ClassificationTokenId;
        for (var i = 0; i < pieces.Count; i++)
        {
            ids[i + 1] = pieces[i];
        }

        ids[^1] = tokenizer.SeparatorTokenId;
        return ids;
    }
}
