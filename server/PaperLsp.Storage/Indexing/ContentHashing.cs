using System.Security.Cryptography;
using System.Text;

namespace PaperLsp.Storage.Indexing;

/// <summary>Hashes used to notice change: of a source file's bytes, and of the text a paper is embedded from.</summary>
internal static class ContentHashing
{
    public static string EmbeddingText(string title, string @abstract) =>
        @abstract.Length == 0 ? title : title + ". " + @abstract;

    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    /// <summary>
    /// A content hash as a vector row keeps it: the bytes of a hex hash such as <see cref="OfText"/> gives (16, not 32
    /// characters), any other text as its UTF-8 bytes (it then never equals a paper's hash, so the vector counts as stale).
    /// </summary>
    public static byte[] ToStored(string hash)
    {
        if (hash.Length % 2 == 0 && hash.All(char.IsAsciiHexDigitLower))
        {
            return Convert.FromHexString(hash);
        }

        return Encoding.UTF8.GetBytes(hash);
    }

    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
