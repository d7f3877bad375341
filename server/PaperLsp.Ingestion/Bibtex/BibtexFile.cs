using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Bibtex;

/// <summary>The entries of one parsed .bib text, its @string macros, and the problems skipped over.</summary>
public sealed record BibtexFile(
    string Path,
    IReadOnlyList<BibtexEntry> Entries,
    IReadOnlyDictionary<string, string> Strings,
    IReadOnlyList<ParseProblem> Problems)
{
    /// <summary>The file's <c>@string</c> commands, in file order.</summary>
    public IReadOnlyList<BibtexStringDefinition> StringDefinitions { get; init; } = [];

    /// <summary>The first entry with this key (BibTeX keys compare case-insensitively), or null.</summary>
    public BibtexEntry? Find(string key) => Entries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The <c>@string</c> commands of this file that <paramref name="entry"/> needs in another file whose own macros
    /// <paramref name="definedThere"/> tells: those defining a macro the entry uses (or one such command uses, and so on)
    /// that the other file does not define, in file order. A macro this file does not define with <c>@string</c> (a month
    /// name, which the bibliography styles define) needs nothing. Macro names compare without case, as BibTeX's do.
    /// </summary>
    public IReadOnlyList<BibtexStringDefinition> DefinitionsNeededBy(BibtexEntry entry, Func<string, bool> definedThere)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(definedThere);
        var needed = new HashSet<BibtexStringDefinition>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var open = new Queue<(string Name, int Before)>(entry.Macros.Select(m => (m, entry.StartOffset)));
        while (open.TryDequeue(out var macro))
        {
            if (!seen.Add(macro.Name))
            {
                continue;
            }

            // BibTeX reads a file in order: the definition in force is the last one before the use; the other file is
            // asked only about macros this one defines
            var definition = StringDefinitions.LastOrDefault(d => d.StartOffset < macro.Before && d.Names.Contains(macro.Name, StringComparer.OrdinalIgnoreCase));
            if (definition is not null && !definedThere(macro.Name) && needed.Add(definition))
            {
                foreach (var inner in definition.Macros)
                {
                    open.Enqueue((inner, definition.StartOffset));
                }
            }
        }

        return [.. StringDefinitions.Where(needed.Contains)];
    }
}
