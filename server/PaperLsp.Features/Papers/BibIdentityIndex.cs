using System.Runtime.CompilerServices;
using PaperLsp.Features.Bibliography;
using PaperLsp.Ingestion.Model;
using IngestionIdentity = PaperLsp.Ingestion.Identity.PaperIdentity;

namespace PaperLsp.Features.Papers;

/// <summary>
/// The workspace .bib entries by identity (the ingestion rules: arXiv id, DOI, folded title) and by key (ignoring
/// case, as BibTeX does): which entry describes a given paper, and which keys are taken. One more rule holds for the
/// workspace only (<see cref="SameUnderTitleHead"/>): a paper whose title is another's with a name in front
/// ("Agentless: Demystifying LLM-based Software Engineering Agents", the arXiv record, and "Demystifying LLM-Based
/// Software Engineering Agents", the published version a .bib cites) is that paper when their years and first authors
/// do not disagree. Ingestion does not merge such records: there the same subtitle under two names may be two papers.
/// </summary>
public sealed class BibIdentityIndex
{
    private readonly Dictionary<string, WorkspaceBibEntry> byIdentity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkspaceBibEntry> byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, WorkspaceBibEntry> byTitle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkspaceBibEntry> byTitleAfterHead = new(StringComparer.Ordinal);

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

            var (title, afterHead) = TitleForms(entry.Paper);
            if (title is not null)
            {
                byTitle.TryAdd(title, entry);
            }

            if (afterHead is not null)
            {
                byTitleAfterHead.TryAdd(afterHead, entry);
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

        // the same title with or without a name in front
        var (title, afterHead) = TitleForms(paper);
        foreach (var found in new[] { afterHead is null ? null : byTitle.GetValueOrDefault(afterHead), title is null ? null : byTitleAfterHead.GetValueOrDefault(title) })
        {
            if (found is not null && SameUnderTitleHead(found.Paper, paper))
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// True when one title is the other with a short name and a colon in front (at most four words before it, at least
    /// four after), the arXiv ids (when both have one) are the same, the years (when both are known) are at most one
    /// apart and the first authors' surnames (when both are known) agree.
    /// </summary>
    public static bool SameUnderTitleHead(Paper a, Paper b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (titleA, afterA) = TitleForms(a);
        var (titleB, afterB) = TitleForms(b);
        var titles = (afterA is not null && afterA == titleB) || (afterB is not null && afterB == titleA);
        return titles
            && !(a.ArxivId is { Length: > 0 } x && b.ArxivId is { Length: > 0 } y && !string.Equals(x, y, StringComparison.OrdinalIgnoreCase))
            && !(a.Year is { } ya && b.Year is { } yb && Math.Abs(ya - yb) > 1)
            && !(a.Authors.Count > 0 && b.Authors.Count > 0
                && !string.Equals(PaperDisplay.Surname(a.Authors[0]), PaperDisplay.Surname(b.Authors[0]), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The folded title (null when too short to identify a paper) and, when it has a name in front, the folded rest; worked
    /// out once per record (completion asks for every candidate on every keystroke).
    /// </summary>
    private static (string? Title, string? AfterHead) TitleForms(Paper paper)
    {
        var keys = KeysOf(paper);
        return (keys.Title, keys.AfterHead);
    }

    private static (string? Title, string? AfterHead) FoldTitle(Paper paper)
    {
        var title = IngestionIdentity.TitleKey(paper.Title);
        var colon = paper.Title.IndexOf(':', StringComparison.Ordinal);
        string? afterHead = null;
        if (colon > 0
            && paper.Title[..colon].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 4
            && paper.Title[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4)
        {
            afterHead = IngestionIdentity.TitleKey(paper.Title[(colon + 1)..]);
        }

        return (title.Length >= 12 ? title : null, afterHead is { Length: >= 20 } ? afterHead : null);
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

    private sealed record PaperKeys(IReadOnlyList<string> All, List<string> Identifying, string? Title, string? AfterHead);

    private static PaperKeys KeysOf(Paper paper) => KeysByPaper.GetValue(paper, p =>
    {
        var all = IngestionIdentity.Keys(p);
        var (title, afterHead) = FoldTitle(p);
        return new PaperKeys(all, all.Where(k => !k.StartsWith("title:", StringComparison.Ordinal) || k.Length >= "title:".Length + 12).ToList(), title, afterHead);
    });

    /// <summary>Identity keys, title keys shorter than 12 chars left out (too generic to identify a paper); read-only.</summary>
    private static List<string> IdentityKeys(Paper paper) => KeysOf(paper).Identifying;

    /// <summary>A DOI or title match never joins two records that carry different arXiv ids.</summary>
    private static bool ConflictingArxiv(Paper a, Paper b, bool bHasArxiv) =>
        bHasArxiv && KeysOf(a).All.FirstOrDefault(k => k.StartsWith("arxiv:", StringComparison.Ordinal)) is { } x
        && !KeysOf(b).All.Contains(x, StringComparer.Ordinal);
}
