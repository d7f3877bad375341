using Microsoft.Data.Sqlite;

namespace PaperLsp.Storage;

/// <summary>
/// Tokenises query words exactly as the index does, with an in-memory FTS5 table using the same tokenizer
/// (cached per word).
/// </summary>
internal sealed class FtsQueryTokenizer : IDisposable
{
    private readonly Lock gate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> cache = new(StringComparer.Ordinal);
    private SqliteConnection? connection;

    public string[] Tokens(string word)
    {
        if (cache.TryGetValue(word, out var cached))
        {
            return cached;
        }

        lock (gate)
        {
            if (connection is null)
            {
                connection = new SqliteConnection("Data Source=:memory:");
                connection.Open();
                PaperStore.Execute(connection, $"CREATE VIRTUAL TABLE words USING fts5(w, tokenize='{Schema.Migrations.FullTextTokenizer}');" +
                                                "CREATE VIRTUAL TABLE temp.word_tokens USING fts5vocab(main, words, instance);");
            }

            PaperStore.Execute(connection, "DELETE FROM words");
            using (var insert = PaperStore.Command(connection, "INSERT INTO words(w) VALUES ($w)"))
            {
                insert.Parameters.AddWithValue("$w", word);
                insert.ExecuteNonQuery();
            }

            string[] result;
            using (var select = PaperStore.Command(connection, "SELECT term FROM temp.word_tokens ORDER BY offset"))
            {
                result = [.. SqliteRows.Strings(select)];
            }

            if (cache.Count > 200_000)
            {
                cache.Clear();
            }

            cache[word] = result;
            return result;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            connection?.Dispose();
            connection = null;
        }
    }
}
