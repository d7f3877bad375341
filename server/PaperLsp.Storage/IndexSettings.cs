namespace PaperLsp.Storage;

/// <summary>
/// Small named values remembered in the index itself (its <c>meta</c> table), e.g. the last day a sync fetched.
/// Names are namespaced by the caller ("sync.hf.last"); values are plain strings.
/// </summary>
public static class IndexSettings
{
    /// <summary>The value stored under <paramref name="name"/>, or null.</summary>
    public static string? Get(PaperStore store, string name)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var c = store.OpenConnection();
        return PaperStore.Scalar(c, "SELECT value FROM meta WHERE key = $a", "setting:" + name) as string;
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="name"/> (one statement: either written or not).</summary>
    public static void Set(PaperStore store, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(value);
        using var c = store.OpenConnection(forWriting: true);
        using var command = PaperStore.Command(c, "INSERT OR REPLACE INTO meta(key, value) VALUES ($key, $value)");
        command.Parameters.AddWithValue("$key", "setting:" + name);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
