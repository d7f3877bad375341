using System.Runtime.CompilerServices;
using PaperLsp.Features.Bibliography;
using PaperLsp.Ingestion.Model;
using IngestionIdentity = PaperLsp.Ingestion.Identity.PaperIdentity;

namespace PaperLsp.Features.Papers;

/// <summary>
/// The workspace .bib entries by identity (the ingestion rules: arXiv id, DOI, folded title) and by key (ignoring
/// case, as BibTeX does): which entry describes a given paper, and which keys are taken.
/// </summary>
public sealed class BibIdentityIndex
{
    private readonly Dictionary<string, WorkspaceBibEntry> byIdentity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkspaceBibEntry> byKey = new(StringComparer.OrdinalIgnoreCase);

    public BibIdentityIndex(IEnumerable<WorkspaceBibEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            byKey.TryAdd(entry.Key, entry);
            foreach (var identity in IdentityKeys(entry.Paper))
            {
                byIdentity.TryAdd(identity, entry);
            }
        }
    }

    /// <summary>An index of no entries.</summary>
    public static BibIdentityIndex Empty { get; } = new([]);

    /// <summary>The .bib entry describing the same paper (arXiv id first, then DOI, then folded title), or null.</summary>
    public WorkspaceBibEntry? Find(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var keys = IdentityKeys(paper);
        var hasArxiv = keys.Any(k => k.StartsWith("arxiv:", StringComparison.Ordinal));
        foreach (var identity in keys)
        {
            if (byIdentity.TryGetValue(identity, out var entry) && !ConflictingArxiv(entry.Paper, paper, hasArxiv))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>True when two records describe the same paper by the same rules as <see cref="Find"/> (a shared arXiv id, DOI or
    /// folded title; a DOI or title match never joins records with different arXiv ids).</summary>
    public static bool Same(Paper a, Paper b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var keysOfB = IdentityKeys(b);
        return IdentityKeys(a).Any(keysOfB.Contains)
            && !ConflictingArxiv(a, b, keysOfB.Any(k => k.StartsWith("arxiv:", StringComparison.Ordinal)));
    }

    /// <summary>The entry defining this key (ignoring case), or null.</summary>
    public WorkspaceBibEntry? EntryWithKey(string key) => byKey.TryGetValue(key, out var entry) ? entry : null;

    /// <summary>True when a .bib entry uses this key (ignoring case).</summary>
    public bool DefinesKey(string key) => byKey.ContainsKey(key);

    /// <summary>The index of these entries, built once per entry list (a bibliography snapshot's list never changes).</summary>
    public static BibIdentityIndex Of(IReadOnlyList<WorkspaceBibEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return ByEntryList.GetValue(entries, e => new BibIdentityIndex(e));
    }

    private static readonly ConditionalWeakTable<IReadOnlyList<WorkspaceBibEntry>, BibIdentityIndex> ByEntryList = new();

    // A paper record is immutable: its identity keys are computed once per record object (completion looks the same
    // candidates up on every keystroke).
    private static readonly ConditionalWeakTable<Paper, PaperKeys> KeysByPaper = new();

    private sealed record PaperKeys(IReadOnlyList<string> All, List<string> Identifying);

    private static PaperKeys KeysOf(Paper paper) => KeysByPaper.GetValue(paper, p =>
    {
        var all = IngestionIdentity.Keys(p);
        return new PaperKeys(all, all.Where(k => !k.StartsWith("title:", StringComparison.Ordinal) || k.Length >= "title:".Length + 12).ToList());
    });

    /// <summary>Identity keys, title keys shorter than 12 chars left out (too generic to identify a paper); read-only.</summary>
    private static List<string> IdentityKeys(Paper paper) => KeysOf(paper).Identifying;

    /// <summary>A DOI or title match never joins two records that carry different arXiv ids.</summary>
    private static bool ConflictingArxiv(Paper a, Paper b, bool bHasArxiv) =>
        bHasArxiv && KeysOf(a).All.FirstOrDefault(k => k.StartsWith("arxiv:", StringComparison.Ordinal)) is { } x
        && !KeysOf(b).All.Contains(x, StringComparer.Ordinal);
}
