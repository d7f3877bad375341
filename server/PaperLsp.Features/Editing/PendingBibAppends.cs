using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Editing;

/// <summary>
/// BibTeX entries the editor applied to a .bib that the server has not seen yet (a buffer the client does not
/// synchronise, a file not saved): the edit policy treats them as present so that no entry is appended twice. An
/// entry is forgotten as soon as the known text of its file changes (then the text itself tells: the entry was saved,
/// or it was undone). Thread-safe.
/// </summary>
public sealed class PendingBibAppends
{
    private readonly Lock gate = new();
    private readonly List<Pending> pending = [];

    /// <summary>Records that <paramref name="key"/> (describing <paramref name="paper"/>) was appended to <paramref name="path"/> whose known text was <paramref name="knownText"/>.</summary>
    public void Add(string path, string key, Paper paper, string? knownText)
    {
        lock (gate)
        {
            pending.RemoveAll(p => p.Path == path && p.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
            pending.Add(new Pending(path, key, paper, knownText ?? ""));
        }
    }

    /// <summary>
    /// The pending entries still valid given the current known texts of their files. Asked for every completion, hover and
    /// diagnostics run (the bibliography a document cites from includes them): with none pending it allocates nothing.
    /// </summary>
    public IReadOnlyList<(string Path, string Key, Paper Paper)> Current(Func<string, string?> knownText)
    {
        ArgumentNullException.ThrowIfNull(knownText);
        lock (gate)
        {
            if (pending.Count == 0)
            {
                return [];
            }

            pending.RemoveAll(p => !string.Equals(knownText(p.Path) ?? "", p.TextWhenAdded, StringComparison.Ordinal));
            return pending.Select(p => (p.Path, p.Key, p.Paper)).ToList();
        }
    }

    private sealed record Pending(string Path, string Key, Paper Paper, string TextWhenAdded);
}
