using Microsoft.ML.Tokenizers;

namespace PaperLsp.Embeddings.Tokenization;

/// <summary>
/// BERT WordPiece tokenization (Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/> over a <c>vocab.txt</c>):
/// <c>[CLS] pieces… [SEP]</c>, truncated so the whole sequence fits in <see cref="MaxTokens"/>.
/// </summary>
public sealed class BertWordPieceTokenizer : ITextTokenizer
{
    private readonly BertTokenizer _tokenizer;

    private BertWordPieceTokenizer(BertTokenizer tokenizer, int maxTokens)
    {
        _tokenizer = tokenizer;
        MaxTokens = maxTokens;
    }

    public int MaxTokens { get; }

    public static BertWordPieceTokenizer FromVocabTxt(string vocabPath, bool lowerCase, int maxTokens = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 3);
        if (!File.Exists(vocabPath))
        {
            throw new ModelFormatException($"WordPiece vocabulary '{vocabPath}' does not exist");
        }

        try
        {
            var options = new BertOptions { LowerCaseBeforeTokenization = lowerCase, ApplyBasicTokenization = true };
            return new BertWordPieceTokenizer(BertTokenizer.Create(vocabPath, options), maxTokens);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or IOException)
        {
            throw new ModelFormatException($"cannot read WordPiece vocabulary '{vocabPath}': {ex.Message}", ex);
        }
    }

    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var pieces = _tokenizer.EncodeToIds(text, MaxTokens - 2, addSpecialTokens: false, out _, out _);
        if (pieces.Count == 0)
        {
            return [];
        }

        var ids = new int[pieces.Count + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < pieces.Count; i++)
        {
            ids[i + 1] = pieces[i];
        }

        ids[^1] = _tokenizer.SeparatorTokenId;
        return ids;
    }
}
