using System.Security.Cryptography;
using System.Text;

namespace PaperLsp.Storage.Indexing;

/// <summary>Hashes used to notice change: of a source file's bytes, and of the text a paper is embedded from.</summary>
internal static class ContentHashing
{
    public static string EmbeddingText(string title, string @abstract) =>
        @abstract.Length == 0 ? title : title + ". " + @abstract;

    public static string OfText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    public static string OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
