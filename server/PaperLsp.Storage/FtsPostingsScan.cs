using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PaperLsp.Storage;

/// <summary>
/// The one reader of FTS5's postings: a pass over every token instance of papers_fts (fts5vocab 'instance': terms in
/// byte order, papers ascending within a term) that hands each term's postings — papers as indexes into the row ids,
/// each with its column-weighted term frequency (title 5, keys 3, abstract 2, authors 1, saturating at 65,535) — to
/// a consumer, and counts every paper's tokens. <see cref="LexicalIndex"/> keeps the postings in memory,
/// <see cref="LexicalPostingsFile"/> writes them to a file.
/// </summary>
internal static class FtsPostingsScan
{
    /// <summary>Creates the connection's fts5vocab tables (before its read transaction begins).</summary>
    public static void CreateVocabularyTables(SqliteConnection c) =>
        PaperStore.Execute(c, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.lexical_rows USING fts5vocab(main, papers_fts, row);" +
                              "CREATE VIRTUAL TABLE IF NOT EXISTS temp.lexical_instances USING fts5vocab(main, papers_fts, instance);");

    /// <summary>
    /// Reads every instance once. <paramref name="rowIds"/> are the papers in ascending id order; a term's postings
    /// name papers by their index there (instances of rows without a paper are skipped). <paramref name="lengths"/>
    /// (one per paper) receives each paper's token count. <paramref name="onTerm"/> gets each term's UTF-8 bytes and its
    /// postings (both valid only during the call). Throws when the terms do not come in byte order.
    /// </summary>
    public static void Run(SqliteConnection c, long[] rowIds, int[] lengths, Action<ReadOnlySpan<byte>, List<(int Doc, int Weight)>> onTerm, CancellationToken cancellationToken)
    {
        var maxId = rowIds.Length == 0 ? 0 : rowIds[^1];
        int[]? dense = maxId <= (4L * rowIds.Length) + 4096 ? new int[maxId + 1] : null;
        Dictionary<long, int>? sparse = dense is null ? new Dictionary<long, int>(rowIds.Length) : null;
        for (var i = 0; i < rowIds.Length; i++)
        {
            if (dense is not null)
            {
                dense[rowIds[i]] = i + 1;
            }
            else
            {
                sparse![rowIds[i]] = i + 1;
            }
        }

        var db = c.Handle!;
        LexicalIndex.Check(db, raw.sqlite3_prepare_v2(db, "SELECT term, doc, col FROM temp.lexical_instances", out var statement));
        using (statement)
        {
            var previous = new byte[256];
            var previousLength = -1;
            var termDocs = new List<(int Doc, int Weight)>(1024);
            void CloseTerm()
            {
                if (previousLength >= 0 && termDocs.Count > 0)
                {
                    onTerm(previous.AsSpan(0, previousLength), termDocs);
                }

                termDocs.Clear();
            }

            int rc;
            var step = 0;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if ((++step & 0xFFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var term = raw.sqlite3_column_blob(statement, 0);
                if (previousLength != term.Length || !term.SequenceEqual(previous.AsSpan(0, previousLength)))
                {
                    CloseTerm();
                    if (previousLength >= 0 && term.SequenceCompareTo(previous.AsSpan(0, previousLength)) <= 0)
                    {
                        throw new PaperStoreException("the full-text index's terms are not in byte order");
                    }

                    if (term.Length > previous.Length)
                    {
                        previous = new byte[term.Length * 2];
                    }

                    term.CopyTo(previous);
                    previousLength = term.Length;
                }

                var rowId = raw.sqlite3_column_int64(statement, 1);
                var doc = dense is not null
                    ? (rowId >= 0 && rowId < dense.Length ? dense[rowId] : 0)
                    : sparse!.GetValueOrDefault(rowId);
                if (doc == 0)
                {
                    continue; // an FTS row without a paper (should not happen with the triggers); ignore it
                }

                doc--;
                lengths[doc]++;
                var weight = LexicalIndex.ColumnWeight(raw.sqlite3_column_bytes(statement, 2));
                if (termDocs.Count > 0 && termDocs[^1].Doc == doc)
                {
                    termDocs[^1] = (doc, Math.Min(ushort.MaxValue, termDocs[^1].Weight + weight));
                }
                else
                {
                    termDocs.Add((doc, weight));
                }
            }

            LexicalIndex.Check(db, rc == raw.SQLITE_DONE ? raw.SQLITE_OK : rc);
            CloseTerm();
        }
    }
}
