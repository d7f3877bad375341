namespace PaperLsp.Embeddings.Models;

/// <summary>Tokenizer families PaperLsp can run.</summary>
public enum TokenizerKind
{
    /// <summary>SentencePiece unigram over a vocab.json of [piece, score] pairs.</summary>
    SentencePieceUnigram,

    /// <summary>BERT WordPiece over a vocab.txt (one piece a line).</summary>
    BertWordPiece,
}
