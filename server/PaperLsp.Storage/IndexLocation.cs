namespace PaperLsp.Storage;

/// <summary>Where the index lives when no path is given.</summary>
public static class IndexLocation
{
    /// <summary>Environment variable naming the index file.</summary>
    public const string EnvironmentVariable = "PAPERLSP_INDEX";

    /// <summary>
    /// <c>$PAPERLSP_INDEX</c>, else <c>$XDG_DATA_HOME/paperlsp/index.db</c>, else <c>~/.local/share/paperlsp/index.db</c>.
    /// </summary>
    public static string DefaultPath()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var dataHome = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(dataHome, "paperlsp", "index.db");
    }
}
