namespace PaperLsp.Embeddings.Tokenization;

/// <summary>Turns text into the token ids a model expects (special tokens included, truncated to <see cref="MaxTokens"/>).</summary>
public interface ITextTokenizer
{
    /// <summary>The most ids <see cref="Encode"/> returns.</summary>
    int MaxTokens { get; }

    /// <summary>Token ids for <paramref name="text"/>; empty when the text holds nothing to encode.</summary>
    int[] Encode(string text);
}
