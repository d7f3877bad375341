namespace PaperLsp.Embeddings.Models;

/// <summary>Finds the embedding model to use on this machine: a built-in model by name, or a model folder.</summary>
public static class ModelLocator
{
    public const string ModelEnvironmentVariable = "PAPERLSP_MODEL";

    /// <summary>The model used when nothing is configured: arctic-embed-xs.</summary>
    public static string DefaultModelName => BuiltinModels.Default.Manifest.Name;

    /// <summary>The default model: <c>$PAPERLSP_MODEL</c> (a name or a folder) or else <see cref="DefaultModelName"/>; null when not found.</summary>
    public static ModelLocation? FindDefault() => Resolve(null);

    /// <summary>
    /// The model named by <paramref name="nameOrFolder"/>: a built-in name (<c>arctic-embed-xs</c>, <c>minilm</c>) or a
    /// folder with a <c>model.json</c>. Null picks <c>$PAPERLSP_MODEL</c>, then <see cref="DefaultModelName"/>. Returns
    /// null when the model's files are nowhere to be found (callers then work lexically, without embeddings).
    /// </summary>
    public static ModelLocation? Resolve(string? nameOrFolder)
    {
        var value = Requested(nameOrFolder);
        if (BuiltinModels.Find(value) is { } builtin)
        {
            return Candidates(value)
                .Where(dir => File.Exists(Path.Combine(dir, builtin.Manifest.Assembly!)))
                .Select(dir => new ModelLocation(builtin.Manifest, dir))
                .FirstOrDefault();
        }

        return IsPreparedModel(value) ? ModelLocation.FromFolder(value) : null;
    }

    /// <summary>
    /// Every folder <see cref="Resolve"/> looks in, in order. For a built-in model: <c>models/</c> beside the program
    /// (where the build copies the default model's DLL) or in any folder above it; <c>$XDG_DATA_HOME/paperlsp/models</c>
    /// (default <c>~/.local/share</c>); the package's folder in the NuGet package cache (<c>$NUGET_PACKAGES</c>, default
    /// <c>~/.nuget/packages</c>: where restore put it). For anything else: the folder itself.
    /// </summary>
    public static IEnumerable<string> Candidates(string? nameOrFolder)
    {
        var value = Requested(nameOrFolder);
        if (BuiltinModels.Find(value) is not { } builtin)
        {
            yield return Path.GetFullPath(value);
            yield break;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, "models");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome) && !string.IsNullOrEmpty(home))
        {
            dataHome = Path.Combine(home, ".local", "share");
        }

        if (!string.IsNullOrWhiteSpace(dataHome))
        {
            yield return Path.Combine(dataHome, "paperlsp", "models");
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(packages) && !string.IsNullOrEmpty(home))
        {
            packages = Path.Combine(home, ".nuget", "packages");
        }

        if (!string.IsNullOrWhiteSpace(packages))
        {
            yield return builtin.PackageLibPath(packages);
        }
    }

    /// <summary>True when the folder holds a manifest and the files it names.</summary>
    public static bool IsPreparedModel(string directory)
    {
        if (!File.Exists(Path.Combine(directory, ModelManifest.FileName)))
        {
            return false;
        }

        try
        {
            return ModelLocation.FromFolder(directory).FilesExist;
        }
        catch (ModelFormatException)
        {
            return false;
        }
    }

    private static string Requested(string? nameOrFolder)
    {
        if (!string.IsNullOrWhiteSpace(nameOrFolder))
        {
            // An editor setting "minilm" may arrive resolved against the workspace ("/ws/minilm"): a path that is no
            // folder but ends in a built-in model's name means that model.
            var value = nameOrFolder.Trim();
            var last = Path.GetFileName(Path.TrimEndingDirectorySeparator(value));
            return last != value && !Directory.Exists(value) && BuiltinModels.Find(last) is not null ? last : value;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(ModelEnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultModelName : fromEnvironment.Trim();
    }
}
