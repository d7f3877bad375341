using System.Text.Json.Serialization;

namespace PaperLsp.Embeddings.Models;

/// <summary>Tokenizer families PaperLsp can run.</summary>
public enum TokenizerKind
{
    /// <summary>BERT WordPiece over a vocab.txt (one piece a line) or a WordPiece tokenizer.json.</summary>
    [JsonStringEnumMemberName("bert-wordpiece")]
    BertWordPiece,
}
