using Microsoft.Data.Sqlite;

namespace PaperLsp.TestSupport;

/// <summary>
/// A fresh folder under the system temp folder for one test or fixture. Dispose closes SQLite's pooled connections first
/// (a pooled connection keeps an index file open) and deletes the folder; one that cannot be deleted is left to the
/// system's temp clean-up rather than failing the test that already ran.
/// </summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "paperlsp-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The path of <paramref name="relative"/> inside the folder.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
