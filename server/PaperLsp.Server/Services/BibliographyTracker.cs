using System.Collections.Concurrent;
using System.Collections.Immutable;
using PaperLsp.Features.Bibliography;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Services;

/// <summary>
/// Keeps <see cref="Bibliography"/>, the workspace's .bib entries, in step with the .bib files on disk and the .bib
/// documents open in the editor (an open document wins over its file; closing it goes back to the file).
/// </summary>
internal sealed class BibliographyTracker
{
    private readonly ServerServices services;
    private readonly ConcurrentDictionary<string, bool> encodingWarned = new(StringComparer.Ordinal);
    private ImmutableHashSet<string> openBibPaths = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal);

    public BibliographyTracker(ServerServices services) => this.services = services;

    /// <summary>The workspace .bib entries.</summary>
    public WorkspaceBibliography Bibliography { get; } = new();

    /// <summary>Finds the .bib files under <paramref name="workspaceRoots"/>, reads them and forgets files that are gone (open documents are left alone).</summary>
    public void Scan(IEnumerable<string> workspaceRoots, CancellationToken cancellationToken)
    {
        var (files, note) = BibliographyScanner.Find(workspaceRoots, cancellationToken);
        if (note is not null)
        {
            services.Log.Info(note);
        }

        var open = openBibPaths;
        foreach (var path in Bibliography.Paths.Where(p => !open.Contains(p) && !files.Contains(p, StringComparer.Ordinal)).ToList())
        {
            Bibliography.Remove(path);
        }

        foreach (var path in files.Where(p => !open.Contains(p)))
        {
            LoadFromDisk(path);
        }
    }

    /// <summary>Reads the changed .bib files again (those open in the editor keep the editor's text).</summary>
    public void ReadChanged(IEnumerable<string> paths)
    {
        foreach (var path in paths.Where(p => !openBibPaths.Contains(p)))
        {
            LoadFromDisk(path);
        }
    }

    /// <summary>Open .bib documents replace their file's entries; closing one goes back to the file on disk. True when the bibliography changed.</summary>
    public bool TrackDocuments(WorkspaceSnapshot previous, WorkspaceSnapshot next)
    {
        var changed = false;
        foreach (var (uri, document) in next.Documents)
        {
            if (!DocumentPaths.IsBibliography(document) || (previous.Documents.TryGetValue(uri, out var before) && ReferenceEquals(before, document)))
            {
                continue;
            }

            var path = DocumentPaths.PathOrUri(uri);
            Bibliography.Update(path, document.Text);
            openBibPaths = openBibPaths.Add(path);
            changed = true;
        }

        foreach (var (uri, document) in previous.Documents)
        {
            if (!DocumentPaths.IsBibliography(document) || next.Documents.ContainsKey(uri))
            {
                continue;
            }

            var path = DocumentPaths.PathOrUri(uri);
            openBibPaths = openBibPaths.Remove(path);
            if (DocumentPaths.ToPath(uri) is { } local && File.Exists(local))
            {
                LoadFromDisk(local);
            }
            else
            {
                Bibliography.Remove(path);
            }

            changed = true;
        }

        return changed;
    }

    private void LoadFromDisk(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                var decoded = PaperLsp.Ingestion.Text.TextDecoding.Decode(File.ReadAllBytes(path), path);
                if (decoded.Warning is { } warning && encodingWarned.TryAdd(path, true))
                {
                    services.Log.Warning(warning);
                    _ = services.Client.ShowMessageAsync(MessageType.Warning, "PaperLsp: " + warning);
                }

                Bibliography.Update(path, decoded.Text);
            }
            else
            {
                Bibliography.Remove(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            services.Log.Warning($"cannot read {path}: {e.Message}");
        }
    }
}
