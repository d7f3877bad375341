using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PaperLsp.Storage;

/// <summary>
/// Writes the index's FTS5 postings to a file beside it, in the form <see cref="MappedLexicalIndex"/> maps into memory:
/// written once after the index changes, then opened in milliseconds at every start instead of rebuilding the postings.
/// Streams one term at a time (memory: the term dictionary and one term's postings), and replaces the file atomically.
/// </summary>
/// <remarks>
/// Layout (little endian): a 128-byte header (<see cref="Magic"/>, format version, paper count, term count, section
/// offsets), then the postings (per term, ascending papers: varint gap, varint column-weighted term frequency), the
/// terms' UTF-8 bytes, the term table (sorted by bytes: term offset, postings offset, term length, document frequency),
/// the papers' row ids, their BM25 length norms, and the FTS5 structure record the snapshot was read at.
/// </remarks>
public static class LexicalPostingsFile
{
    internal const long Magic = 0x3158454C5053504C; // "LPSPLEX1"
    internal const int FormatVersion = 1;
    internal const int HeaderSize = 128;
    internal const int TermEntrySize = 24;

    /// <summary>Where the postings of the index at <paramref name="indexPath"/> are kept.</summary>
    public static string PathFor(string indexPath) => indexPath + ".lexical";

    /// <summary>
    /// Deletes the temporary files that writers killed while writing left beside <paramref name="path"/> (named
    /// <c>.tmp-PID-…</c>; only those whose process is gone, so a writer still at work keeps its file). Returns how many.
    /// </summary>
    internal static int RemoveLeftovers(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(full);
        var prefix = System.IO.Path.GetFileName(full) + ".tmp-";
        if (folder is null || !Directory.Exists(folder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(folder, prefix + "*"))
        {
            var rest = System.IO.Path.GetFileName(file)[prefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(rest.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
            {
                continue;
            }

            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another process removed it, or the folder is read-only: nothing to do
            }
        }

        return removed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Reads the store's FTS5 postings (one read snapshot) and writes them to <paramref name="path"/>.</summary>
    public static void Write(PaperStore store, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(path);
        RemoveLeftovers(path);
        var temporary = path + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var c = store.OpenConnection())
            {
                FtsPostingsScan.CreateVocabularyTables(c);
                PaperStore.Execute(c, "BEGIN"); // one read snapshot for every statement below
                try
                {
                    using var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
                    WriteSnapshot(c, file, cancellationToken);
                    file.Flush(flushToDisk: false);
                }
                finally
                {
                    PaperStore.Execute(c, "COMMIT");
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void WriteSnapshot(SqliteConnection c, FileStream file, CancellationToken cancellationToken)
    {
        var signature = LexicalIndex.Signature(c);
        var rowIds = SqliteRows.PaperIdsInOrder(c);
        var lengths = new int[rowIds.Length];
        var termBytes = new MemoryStream();
        var entries = new List<(long TermOffset, long PostingsOffset, int TermLength, int Df)>();
        file.Write(new byte[HeaderSize]);
        var postings = new BufferedVarintWriter(file);
        FtsPostingsScan.Run(c, rowIds, lengths, (term, termDocs) =>
        {
            entries.Add((termBytes.Position, postings.Position - HeaderSize, term.Length, termDocs.Count));
            termBytes.Write(term);
            var last = -1;
            foreach (var (doc, weight) in termDocs)
            {
                postings.Write((uint)(doc - last));
                postings.Write((uint)weight);
                last = doc;
            }
        }, cancellationToken);

        var postingsLength = postings.Position - HeaderSize;
        postings.Pad8();
        var termBytesOffset = postings.Position;
        postings.WriteRaw(termBytes.GetBuffer().AsSpan(0, (int)termBytes.Length));
        postings.Pad8();
        var termTableOffset = postings.Position;
        Span<byte> entry = stackalloc byte[TermEntrySize];
        foreach (var (termOffset, postingsOffset, termLength, df) in entries)
        {
            BinaryPrimitives.WriteInt64LittleEndian(entry, termOffset);
            BinaryPrimitives.WriteInt64LittleEndian(entry[8..], postingsOffset);
            BinaryPrimitives.WriteInt32LittleEndian(entry[16..], termLength);
            BinaryPrimitives.WriteInt32LittleEndian(entry[20..], df);
            postings.WriteRaw(entry);
        }

        var rowIdsOffset = postings.Position;
        Span<byte> eight = stackalloc byte[8];
        foreach (var id in rowIds)
        {
            BinaryPrimitives.WriteInt64LittleEndian(eight, id);
            postings.WriteRaw(eight);
        }

        var normsOffset = postings.Position;
        var totalTokens = lengths.Sum(l => (long)l);
        var averageLength = rowIds.Length == 0 ? 1.0 : Math.Max(1.0, (double)totalTokens / rowIds.Length);
        foreach (var length in lengths)
        {
            BinaryPrimitives.WriteSingleLittleEndian(eight, (float)(LexicalIndex.K1 * (1 - LexicalIndex.B + (LexicalIndex.B * length / averageLength))));
            postings.WriteRaw(eight[..4]);
        }

        postings.Pad8();
        var signatureOffset = postings.Position;
        postings.WriteRaw(signature);
        postings.Flush();

        var header = new byte[HeaderSize];
        BinaryPrimitives.WriteInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), rowIds.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), entries.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20), signature.Length);
        long[] offsets = [HeaderSize, postingsLength, termBytesOffset, termBytes.Length, termTableOffset, rowIdsOffset, normsOffset, signatureOffset];
        for (var i = 0; i < offsets.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(24 + (8 * i)), offsets[i]);
        }

        file.Position = 0;
        file.Write(header);
    }

    /// <summary>Sequential writes to the file through a buffer, with LEB128 varints.</summary>
    private sealed class BufferedVarintWriter(Stream stream)
    {
        private readonly byte[] buffer = new byte[1 << 16];
        private int used;
        private long flushed = stream.Position;

        public long Position => flushed + used;

        public void Write(uint value)
        {
            if (used + 5 > this.buffer.Length)
            {
                Flush();
            }

            while (value >= 0x80)
            {
                this.buffer[used++] = (byte)(value | 0x80);
                value >>= 7;
            }

            this.buffer[used++] = (byte)value;
        }

        public void WriteRaw(ReadOnlySpan<byte> bytes)
        {
            Flush();
            stream.Write(bytes);
            flushed += bytes.Length;
        }

        public void Pad8()
        {
            while (Position % 8 != 0)
            {
                if (used == this.buffer.Length)
                {
                    Flush();
                }

                this.buffer[used++] = 0;
            }
        }

        public void Flush()
        {
            stream.Write(this.buffer, 0, used);
            flushed += used;
            used = 0;
        }
    }

    internal static string Describe(string path) => string.Create(CultureInfo.InvariantCulture, $"{path} ({new FileInfo(path).Length / (1024.0 * 1024):F1} MiB)");

    internal static Encoding Utf8 { get; } = new UTF8Encoding(false, true);
}
