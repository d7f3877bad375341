using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Bibtex;

/// <summary>The entries of one parsed .bib text, its @string macros, and the problems skipped over.</summary>
public sealed record BibtexFile(
    string Path,
    IReadOnlyList<BibtexEntry> Entries,
    IReadOnlyDictionary<string, string> Strings,
    IReadOnlyList<ParseProblem> Problems)
{
    /// <summary>The first entry with this key (BibTeX keys compare case-insensitively), or null.</summary>
    public BibtexEntry? Find(string key) => Entries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
}
