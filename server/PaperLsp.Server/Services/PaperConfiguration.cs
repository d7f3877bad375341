using System.Collections.Immutable;
using PaperLsp.Embeddings.Models;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Workspace;
using PaperLsp.Storage;

namespace PaperLsp.Server.Services;

/// <summary>The settings that decide what the paper service loads, with paths resolved (equal configurations need no reload).</summary>
internal sealed record PaperConfiguration(string IndexPath, string? ModelPath, string Device, ImmutableArray<string> CorpusPaths, ImmutableArray<string> WorkspaceRoots)
{
    /// <summary>The citationKeyPattern setting (validated when read); null: the index's remembered pattern.</summary>
    public Ingestion.Identity.CitationKeyPattern? KeyPattern { get; init; }

    public static PaperConfiguration From(PaperLspSettings settings, ImmutableArray<WorkspaceFolder> folders)
    {
        var roots = folders.Select(f => DocumentPaths.ToPath(f.Uri)).Where(p => p is not null).Select(p => p!).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var baseFolder = roots.Length > 0 ? roots[0] : Environment.CurrentDirectory;
        string Resolve(string path)
        {
            var expanded = path.StartsWith("~/", StringComparison.Ordinal)
                ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
                : path;
            return System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(expanded) ? expanded : System.IO.Path.Combine(baseFolder, expanded));
        }

        return new PaperConfiguration(
            settings.IndexPath is { } index ? Resolve(index) : IndexLocation.DefaultPath(),
            settings.ModelPath is { } model ? (BuiltinModels.Find(model) is not null ? model : Resolve(model)) : null,
            settings.Device,
            [.. settings.CorpusPaths.Select(Resolve).Distinct(StringComparer.Ordinal)],
            roots)
        {
            KeyPattern = settings.CitationKeyPattern is { } text && Ingestion.Identity.CitationKeyPattern.TryParse(text, out var pattern, out _) ? pattern : null,
        };
    }

    /// <summary>The configuration of a workspace snapshot's settings and folders.</summary>
    public static PaperConfiguration Of(WorkspaceSnapshot workspace) => From(workspace.Settings, workspace.WorkspaceFolders);

    public bool Equals(PaperConfiguration? other) =>
        other is not null && IndexPath == other.IndexPath && ModelPath == other.ModelPath && Device == other.Device
        && CorpusPaths.SequenceEqual(other.CorpusPaths) && WorkspaceRoots.SequenceEqual(other.WorkspaceRoots)
        && KeyPattern?.Text == other.KeyPattern?.Text;

    public override int GetHashCode() => HashCode.Combine(IndexPath, ModelPath, Device, CorpusPaths.Length, WorkspaceRoots.Length);
}
