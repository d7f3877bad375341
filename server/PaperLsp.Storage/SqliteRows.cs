using Microsoft.Data.Sqlite;

namespace PaperLsp.Storage;

/// <summary>The first column of every row a command returns, read one way everywhere.</summary>
internal static class SqliteRows
{
    public static List<long> Int64s(SqliteCommand command)
    {
        using var r = command.ExecuteReader();
        var values = new List<long>();
        while (r.Read())
        {
            values.Add(r.GetInt64(0));
        }

        return values;
    }

    public static List<string> Strings(SqliteCommand command)
    {
        using var r = command.ExecuteReader();
        var values = new List<string>();
        while (r.Read())
        {
            values.Add(r.GetString(0));
        }

        return values;
    }

    /// <summary>Every paper id in ascending order (the document numbering of the lexical postings).</summary>
    public static long[] PaperIdsInOrder(SqliteConnection c)
    {
        using var cmd = PaperStore.Command(c, "SELECT id FROM papers ORDER BY id");
        return [.. Int64s(cmd)];
    }
}
