using Microsoft.Data.Sqlite;

namespace PaperLsp.Storage;

/// <summary>
/// Tokenises query words exactly as the index does, with an in-memory FTS5 table using the same tokenizer
/// (cached per word).
/// </summary>
internal sealed class FtsQueryTokenizer : IDisposable
{
    private readonly Lock _gate = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> _cache = new(StringComparer.Ordinal);
    private SqliteConnection? _connection;

    public string[] Tokens(string word)
    {
        if (_cache.TryGetValue(word, out var cached))
        {
            return cached;
        }

        lock (_gate)
        {
            if (_connection is null)
            {
                _connection = new SqliteConnection("Data Source=:memory:");
                _connection.Open();
                PaperStore.Execute(_connection, $"CREATE VIRTUAL TABLE words USING fts5(w, tokenize='{Schema.Migrations.FullTextTokenizer}');" +
                                                "CREATE VIRTUAL TABLE temp.word_tokens USING fts5vocab(main, words, instance);");
            }

            PaperStore.Execute(_connection, "DELETE FROM words");
            using (var insert = PaperStore.Command(_connection, "INSERT INTO words(w) VALUES ($w)"))
            {
                insert.Parameters.AddWithValue("$w", word);
                insert.ExecuteNonQuery();
            }

            var tokens = new List<string>();
            using (var select = PaperStore.Command(_connection, "SELECT term FROM temp.word_tokens ORDER BY offset"))
            {
                using var r = select.ExecuteReader();
                while (r.Read())
                {
                    tokens.Add(r.GetString(0));
                }
            }

            var result = tokens.ToArray();
            if (_cache.Count > 200_000)
            {
                _cache.Clear();
            }

            _cache[word] = result;
            return result;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }
}
