namespace PaperLsp.Embeddings.Models;

/// <summary>Finds the default prepared embedding model on this machine.</summary>
public static class ModelLocator
{
    public const string ModelEnvironmentVariable = "PAPERLSP_MODEL";
    public const string DefaultModelName = "use-lite";

    /// <summary>
    /// The first prepared model folder among: <c>$PAPERLSP_MODEL</c>; <c>models/use-lite</c> in
    /// <see cref="AppContext.BaseDirectory"/> or any folder above it (a repository checkout);
    /// <c>$XDG_DATA_HOME/paperlsp/models/use-lite</c> (default <c>~/.local/share</c>). Null when none exists:
    /// callers then work lexically, without embeddings.
    /// </summary>
    public static string? FindDefault() => Candidates().FirstOrDefault(IsPreparedModel);

    /// <summary>Every folder <see cref="FindDefault"/> looks at, in order.</summary>
    public static IEnumerable<string> Candidates()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ModelEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            yield return Path.GetFullPath(fromEnvironment);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, "models", DefaultModelName);
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            dataHome = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".local", "share");
        }

        if (dataHome is not null)
        {
            yield return Path.Combine(dataHome, "paperlsp", "models", DefaultModelName);
        }
    }

    /// <summary>True when the folder holds a manifest and the model file it names.</summary>
    public static bool IsPreparedModel(string directory)
    {
        var manifestPath = Path.Combine(directory, ModelManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            return false;
        }

        try
        {
            var manifest = ModelManifest.Load(directory);
            return File.Exists(Path.Combine(directory, manifest.ModelFile)) && File.Exists(Path.Combine(directory, manifest.TokenizerFile));
        }
        catch (ModelFormatException)
        {
            return false;
        }
    }
}
