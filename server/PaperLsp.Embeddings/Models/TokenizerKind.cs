using System.Text.Json.Serialization;

namespace PaperLsp.Embeddings.Models;

/// <summary>Tokenizer families PaperLsp can run.</summary>
public enum TokenizerKind
{
    /// <summary>SentencePiece unigram over a vocab.json of [piece, score] pairs.</summary>
    [JsonStringEnumMemberName("sentencepiece-unigram")]
    SentencePieceUnigram,

    /// <summary>BERT WordPiece over a vocab.txt (one piece a line).</summary>
    [JsonStringEnumMemberName("bert-wordpiece")]
    BertWordPiece,
}
