using System.Globalization;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>How <c>stats</c> and <c>doctor</c> print the size of an index: database and write-ahead log together.</summary>
internal static class IndexSize
{
    public static string Describe(StoreInfo info) =>
        string.Create(CultureInfo.InvariantCulture, $"{Mib(info.FileSizeBytes)} MiB (database {Mib(info.FileSizeBytes - info.WalSizeBytes)} MiB + WAL {Mib(info.WalSizeBytes)} MiB)");

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
