using System.Text.RegularExpressions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Papers;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Editing;

/// <summary>
/// The one home of the citation edit policy, used by the code actions, completion's addBibEntry and every command:
/// <list type="bullet">
/// <item>which .bib: the file the LaTeX document names (\bibliography/\addbibresource; created when missing) or, for a
/// fragment, its main file names (<see cref="LatexProject"/>), else a
/// workspace .bib in the document's folder, else the configured file, else the first workspace .bib, else (LaTeX) a
/// new <c>references.bib</c> next to the document, with the \bibliography/\addbibresource command added in the same edit;</item>
/// <item>which macro: the configured one, or (<c>auto</c>) the document's dominant cite variant (natbib: <c>citep</c>,
/// biblatex: <c>autocite</c>, else <c>cite</c> when the document cites nothing yet);</item>
/// <item>which key: the key of the workspace entry describing the same paper, else the index key when free, else a free variant;</item>
/// <item>never a duplicate: the .bib is checked as the server knows it (open buffer or scanned file), as it is on disk
/// now, and with the entries the editor applied but the server has not seen yet (<see cref="PendingBibAppends"/>).</item>
/// </list>
/// </summary>
public sealed partial class CitationEditPolicy
{
    private static readonly HashSet<string> NonCitingMacros = new(StringComparer.Ordinal)
    {
        "nocite", "citeauthor", "Citeauthor", "citeyear", "citeyearpar", "citetitle", "Citetitle", "citeurl", "citedate", "citetext", "fullcite", "footfullcite",
    };

    private readonly IPaperCatalog catalog;
    private readonly WorkspaceBibliography bibliography;
    private readonly CitationEditOptions options;
    private readonly Func<string, string?> readFile;
    private readonly PendingBibAppends? pending;
    private readonly LatexProjectFiles? projectFiles;
    private (EditedDocument Document, EditedDocument? Root)? lastRoot; // a request builds several plans for one document
    private readonly Dictionary<string, KnownEntries> knownByTarget = new(StringComparer.Ordinal);

    /// <param name="readFile">Reads a file's current text on disk (null when it does not exist or cannot be read).</param>
    /// <param name="projectFiles">The .tex files around a document, to find the main file of a fragment (<see cref="LatexProject"/>); none without it.</param>
    public CitationEditPolicy(
        IPaperCatalog catalog,
        WorkspaceBibliography bibliography,
        CitationEditOptions? options = null,
        Func<string, string?>? readFile = null,
        PendingBibAppends? pending = null,
        LatexProjectFiles? projectFiles = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bibliography);
        this.catalog = catalog;
        this.bibliography = bibliography;
        this.options = options ?? CitationEditOptions.Default;
        this.readFile = readFile ?? (_ => null);
        this.pending = pending;
        this.projectFiles = projectFiles;
    }

    /// <summary>The .bib a new entry for this document goes to, or null (a non-LaTeX document without any .bib).</summary>
    public BibTarget? ChooseBib(EditedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var directory = Path.GetDirectoryName(document.Path) ?? "";
        if (document.Language == DocumentLanguage.Latex)
        {
            var named = LatexProject.BibliographyFiles(document, () => RootOf(document)); // a section file cites into its main file's .bib
            foreach (var path in named)
            {
                if (KnownPath(path) is { } known)
                {
                    return new BibTarget(known, false, true);
                }
            }

            if (named.Count > 0)
            {
                return new BibTarget(named[0], true, true);
            }
        }

        var sameFolder = bibliography.Paths.FirstOrDefault(p => string.Equals(Path.GetDirectoryName(p), directory, StringComparison.Ordinal));
        if (sameFolder is not null)
        {
            return new BibTarget(sameFolder, false, false);
        }

        if (options.BibFile is { Length: > 0 } configured)
        {
            var path = LatexBibliography.Normalise(configured);
            return KnownPath(path) is { } known ? new BibTarget(known, false, false) : new BibTarget(path, true, false);
        }

        if (bibliography.Paths.Count > 0)
        {
            return new BibTarget(bibliography.Paths[0], false, false);
        }

        if (document.Language != DocumentLanguage.Latex || !Path.IsPathRooted(document.Path))
        {
            return null;
        }

        var references = Path.Combine(directory, "references.bib");
        return KnownPath(references) is { } existing ? new BibTarget(existing, false, false) : new BibTarget(references, true, false);
    }

    /// <summary>
    /// The workspace .bib files a document cites from: for a LaTeX document whose <c>\bibliography</c> (or its main
    /// file's) names .bib files the workspace has, those (<see cref="LatexProject.BibliographyFiles"/>); otherwise null,
    /// every .bib of the workspace. A template's own .bib lying in the same folder is then not offered in a paper that
    /// does not use it.
    /// </summary>
    public IReadOnlyList<string>? BibFilesInUse(EditedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Language != DocumentLanguage.Latex)
        {
            return null;
        }

        // only files the workspace bibliography holds: a named file on disk not read into it yet would leave no entries
        var known = LatexProject.BibliographyFiles(document, () => RootOf(document)).Select(WorkspacePath).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return known.Count > 0 ? known : null;
    }

    /// <summary>The main file of a LaTeX fragment (<see cref="LatexProject"/>), looked for once per document this policy sees.</summary>
    private EditedDocument? RootOf(EditedDocument document)
    {
        if (projectFiles is null || !LatexProject.IsFragment(document.Text))
        {
            return null;
        }

        if (lastRoot is { } last && ReferenceEquals(last.Document.Text, document.Text) && last.Document.Path == document.Path)
        {
            return last.Root;
        }

        var root = LatexProject.RootOf(document, projectFiles);
        lastRoot = (document, root);
        return root;
    }

    /// <summary>The LaTeX macro (without backslash) for a new citation in this document.</summary>
    public string CiteMacro(EditedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var style = options.CiteStyle.Trim().TrimStart('\\');
        if (style.Length > 0 && !style.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return style;
        }

        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        foreach (var command in CitationScanner.FindAll(document.Text, DocumentLanguage.Latex, options.CustomCiteMacros))
        {
            if (command.Syntax != CitationSyntax.LatexCommand || NonCitingMacros.Contains(command.CommandName) || !LatexCitationScanner.SingleKeyListCommands.Contains(command.CommandName))
            {
                continue;
            }

            counts[command.CommandName] = counts.TryGetValue(command.CommandName, out var seen) ? (seen.Count + 1, seen.First) : (1, command.Start);
        }

        if (counts.Count > 0)
        {
            return counts.OrderByDescending(c => c.Value.Count).ThenBy(c => c.Value.First).First().Key;
        }

        // nothing cited yet: the packages decide, those of the main file for a section file
        var preamble = RootOf(document) is { } root
            ? root.Text
            : document.Text;
        return LatexBibliography.UsesNatbib(preamble) ? "citep" : LatexBibliography.UsesBiblatex(preamble) ? "autocite" : "cite";
    }

    /// <summary>The key under which an index paper appears in this workspace (see the class summary), for the given target .bib.</summary>
    public string KeyFor(StoredPaper stored, BibTarget? target = null) => WorkspaceKey(stored, Known(target?.Path)).Key;

    /// <summary>Cites the paper with key <paramref name="key"/> (a workspace .bib key or an index key) at the cursor, adding its entry when needed.</summary>
    public CitationPlan CiteAtCursor(EditedDocument document, int offset, string key)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var macro = CiteMacro(document);
        var entry = bibliography.Find(key) ?? bibliography.Entries.FirstOrDefault(e => e.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
        if (entry is not null)
        {
            return new CitationPlan(entry.Key, [new FileEdit(document.Path, [CitationInsertion.CiteAt(document.Text, offset, document.Language, entry.Key, macro, options.CustomCiteMacros)])], null);
        }

        if (FindIndexPaper(key) is not { } stored)
        {
            return CitationPlan.Failed(key, $"unknown citation key '{key}'");
        }

        return Cite(document, stored, k => CitationInsertion.CiteAt(document.Text, offset, document.Language, k, macro, options.CustomCiteMacros));
    }

    /// <summary>Cites an index paper at the end of the sentence [start, end), adding its entry when needed.</summary>
    public CitationPlan CiteAtSentenceEnd(EditedDocument document, int sentenceStart, int sentenceEnd, StoredPaper stored)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(stored);
        var macro = CiteMacro(document);
        return Cite(document, stored, k => CitationInsertion.CiteAtSentenceEnd(document.Text, document.Language, sentenceStart, sentenceEnd, k, "\\" + macro, options.CustomCiteMacros));
    }

    /// <summary>
    /// Only the BibTeX entry for <paramref name="key"/>, already written in the document (a completion pick, a quick fix):
    /// nothing when a .bib (or a pending edit) has the key; a problem when the key is unknown, names another paper's
    /// entry, or no .bib can be chosen. A writer's own key that only its shape ties to an index paper
    /// (<see cref="PaperResolver.ByKeyShape"/>) gets that paper's entry under the writer's key.
    /// </summary>
    public CitationPlan BibEntryOnly(EditedDocument document, string key)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var target = ChooseBib(document);
        var known = Known(target?.Path);
        if (known.HasKey(key))
        {
            return new CitationPlan(key, [], null);
        }

        // a writer's own key (surname + year + title word) the index knows by its shape gets that paper's entry under it
        if ((FindIndexPaper(key, target) ?? new PaperResolver(catalog, bibliography).ByKeyShape(key)) is not { } stored)
        {
            return CitationPlan.Failed(key, $"unknown citation key '{key}'");
        }

        if (target is null)
        {
            return CitationPlan.Failed(key, "no workspace .bib to add the entry to");
        }

        if (known.Find(stored.Paper) is { } other)
        {
            return CitationPlan.Failed(key, $"'{PaperDisplay.ShortTitle(stored.Paper.Title, 60)}' is already in the bibliography as '{other.Key}'; cite that key");
        }

        return new CitationPlan(key, EntryOnlyEdits(document, target, BibtexWriter.Format(Complete(stored), key)), target, null, stored.Paper);
    }

    /// <summary>
    /// Copies <paramref name="entry"/>, an entry of a workspace .bib this document does not cite from, as written into
    /// the .bib its new entries go to (<see cref="ChooseBib"/>), so that BibTeX finds the key. Nothing when that file (as
    /// the server knows it, as it is on disk, or with an entry the editor applied) already has the key; a problem when no
    /// .bib can be chosen, when the chosen one is the entry's own file, or when the entry's text cannot be read.
    /// </summary>
    public CitationPlan CopyEntry(EditedDocument document, WorkspaceBibEntry entry)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(entry);
        var target = ChooseBib(document);
        if (target is null)
        {
            return CitationPlan.Failed(entry.Key, "no .bib to copy the entry to");
        }

        if (string.Equals(LatexBibliography.Normalise(target.Path), LatexBibliography.Normalise(entry.Path), StringComparison.Ordinal))
        {
            return CitationPlan.Failed(entry.Key, $"'{entry.Key}' is already in {Path.GetFileName(target.Path)}");
        }

        if (FileHasKey(target.Path, entry.Key))
        {
            return new CitationPlan(entry.Key, [], null);
        }

        if (EntryText(entry, target) is not { } text)
        {
            return CitationPlan.Failed(entry.Key, $"the entry of '{entry.Key}' in {Path.GetFileName(entry.Path)} could not be read");
        }

        return new CitationPlan(entry.Key, EntryOnlyEdits(document, target, text), target, null, entry.Paper);
    }

    /// <summary>
    /// An entry's text as its file has it now (the server's copy, else the disk), preceded by the <c>@string</c> commands
    /// of that file it needs that <paramref name="target"/> does not define (<see cref="BibtexFile.DefinitionsNeededBy"/>:
    /// BibTeX would stop at an undefined macro); null when that text no longer holds the entry there.
    /// </summary>
    private string? EntryText(WorkspaceBibEntry entry, BibTarget target)
    {
        var source = KnownText(entry.Path);
        if (source is null || entry.Start < 0 || entry.End > source.Length || entry.Start >= entry.End)
        {
            return null;
        }

        var text = source[entry.Start..entry.End];
        if (EntryHead().Match(text) is not { Success: true, Index: 0 } head || !string.Equals(head.Groups["key"].Value, entry.Key, StringComparison.Ordinal))
        {
            return null;
        }

        if (!source.Contains("@string", StringComparison.OrdinalIgnoreCase))
        {
            return text; // no macros of its own (the parser, too, reads '@' and the command's name with nothing between)
        }

        var file = BibtexParser.Parse(source, entry.Path);
        var parsed = file.Entries.FirstOrDefault(e => e.StartOffset == entry.Start);
        var targetMacros = new Lazy<HashSet<string>>(() => MacrosDefinedIn(target));
        var definitions = parsed is null ? [] : file.DefinitionsNeededBy(parsed, name => targetMacros.Value.Contains(name));
        return definitions.Count == 0 ? text : string.Join("\n\n", definitions.Select(d => d.RawText)) + "\n\n" + text;
    }

    /// <summary>The <c>@string</c> macros a .bib defines (in the server's copy or on disk; none for a file yet to be created).</summary>
    private HashSet<string> MacrosDefinedIn(BibTarget target)
    {
        var defined = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (!target.Create)
        {
            var known = bibliography.GetText(target.Path);
            var onDisk = readFile(target.Path);
            foreach (var text in (string.Equals(known, onDisk, StringComparison.Ordinal) ? [known] : new[] { known, onDisk }).OfType<string>())
            {
                defined.UnionWith(BibtexParser.Parse(text, target.Path).Strings.Keys);
            }
        }

        return defined;
    }

    /// <summary>True when the .bib at <paramref name="path"/> (the server's copy, its text on disk, or an entry the editor applied to it) has the key, in any letter case.</summary>
    private bool FileHasKey(string path, string key)
    {
        static bool Defines(string? bib, string key) =>
            bib is not null && EntryHead().Matches(bib).Any(m => string.Equals(m.Groups["key"].Value, key, StringComparison.OrdinalIgnoreCase));

        if (Defines(bibliography.GetText(path), key) || Defines(readFile(path), key))
        {
            return true;
        }

        return pending is not null && pending.Current(KnownText).Any(p =>
            string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)
            && string.Equals(LatexBibliography.Normalise(p.Path), LatexBibliography.Normalise(path), StringComparison.Ordinal));
    }

    private CitationPlan Cite(EditedDocument document, StoredPaper stored, Func<string, TextEdit> citeEdit)
    {
        var target = ChooseBib(document);
        var known = Known(target?.Path);
        var (key, present) = WorkspaceKey(stored, known);
        var documentEdits = new List<TextEdit> { citeEdit(key) };
        if (present || target is null)
        {
            return new CitationPlan(key, [new FileEdit(document.Path, documentEdits)], null, null, stored.Paper);
        }

        var bibEdits = EntryEdits(document, target, BibtexWriter.Format(Complete(stored), key), documentEdits);
        return new CitationPlan(key, [new FileEdit(document.Path, documentEdits), .. bibEdits], target, null, stored.Paper);
    }

    /// <summary>The edits adding only <paramref name="entry"/>: the document's command to read the target .bib first when it needs one (<see cref="EntryEdits"/>).</summary>
    private List<FileEdit> EntryOnlyEdits(EditedDocument document, BibTarget target, string entry)
    {
        var documentEdits = new List<TextEdit>();
        var edits = EntryEdits(document, target, entry, documentEdits);
        if (documentEdits.Count > 0)
        {
            edits.Insert(0, new FileEdit(document.Path, documentEdits));
        }

        return edits;
    }

    /// <summary>The append to the target .bib; adds to <paramref name="documentEdits"/> the command that makes a LaTeX document read it.</summary>
    private List<FileEdit> EntryEdits(EditedDocument document, BibTarget target, string entry, List<TextEdit> documentEdits)
    {
        var existing = target.Create ? "" : KnownText(target.Path) ?? "";
        if (document.Language == DocumentLanguage.Latex && !target.ReferencedByDocument
            && LatexBibliography.NamedFiles(document.Path, document.Text).Count == 0)
        {
            documentEdits.AddRange(LatexBibliography.UseFile(document.Path, document.Text, target.Path));
        }

        return [new FileEdit(target.Path, [CitationInsertion.AppendBibEntry(existing, entry)], target.Create)];
    }

    /// <summary>A paper's record with the fields another record of the same paper in the index has (title-only listings).</summary>
    private Paper Complete(StoredPaper stored)
    {
        var paper = stored.Paper;
        if (paper.Authors.Count > 0 && (paper.Year is not null || paper.Date is not null))
        {
            return paper;
        }

        StoredPaper? other;
        try
        {
            // the catalog's candidates, never the record itself (an identity lookup in the index, which merges the records
            // of a paper; a word search of the title in a catalog that does not): a code action builds up to three entries
            // on the request path
            other = catalog.OtherRecordsOf(stored)
                .FirstOrDefault(h => h.Paper.Authors.Count > 0 && BibIdentityIndex.Same(h.Paper, paper));
        }
        catch (ArgumentException)
        {
            other = null;
        }

        if (other is null)
        {
            return paper;
        }

        return paper with
        {
            Authors = paper.Authors.Count > 0 ? paper.Authors : other.Paper.Authors,
            Year = paper.Year ?? other.Paper.Year,
            Date = paper.Date ?? other.Paper.Date,
            Doi = paper.Doi ?? other.Paper.Doi,
            Venue = paper.Venue ?? other.Paper.Venue,
            ArxivId = paper.ArxivId ?? other.Paper.ArxivId,
            Url = paper.Url ?? other.Paper.Url,
        };
    }

    /// <summary>
    /// The key of index paper <paramref name="stored"/> in this workspace and whether its entry is already there: the
    /// shared rule (<see cref="WorkspaceKeys.For"/>) over the entries known here, a variant never being a key that
    /// another index paper or an unparsed .bib entry uses.
    /// </summary>
    private (string Key, bool Present) WorkspaceKey(StoredPaper stored, KnownEntries known)
    {
        var key = WorkspaceKeys.For(
            stored.CitationKey,
            stored.Paper,
            known.Identities,
            k => known.HasKey(k) || (SafeFind(k) is { } other && other.Id != stored.Id));
        return (key.Key, key.InBibliography);
    }

    /// <summary>The text of a .bib as edits will be applied to it: the server's copy (open buffer or scanned file), else the disk.</summary>
    private string? KnownText(string path) => bibliography.GetText(path) ?? readFile(path);

    private string? KnownPath(string path)
    {
        var normalised = LatexBibliography.Normalise(path);
        return Held(normalised) ?? (readFile(normalised) is not null ? normalised : null);
    }

    /// <summary>The workspace bibliography's own path for <paramref name="path"/>, or null when it does not hold that file.</summary>
    private string? WorkspacePath(string path) => Held(LatexBibliography.Normalise(path));

    private string? Held(string normalised) =>
        bibliography.Paths.FirstOrDefault(p => string.Equals(LatexBibliography.Normalise(p), normalised, StringComparison.Ordinal));

    private KnownEntries Known(string? targetPath)
    {
        var cacheKey = targetPath ?? "";
        if (knownByTarget.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var entries = new List<(string Key, Paper Paper)>(bibliography.Entries.Select(e => (e.Key, e.Paper)));
        var keys = new HashSet<string>(bibliography.Keys, StringComparer.OrdinalIgnoreCase);
        var texts = new List<string>();
        foreach (var path in bibliography.Paths)
        {
            texts.Add(bibliography.GetText(path) ?? "");
        }

        if (targetPath is not null && readFile(targetPath) is { } onDisk && !string.Equals(onDisk, bibliography.GetText(targetPath), StringComparison.Ordinal))
        {
            texts.Add(onDisk);
            foreach (var entry in BibtexParser.Parse(onDisk, targetPath).Entries)
            {
                if (BibtexParser.ToPaper(entry, targetPath) is { } paper)
                {
                    entries.Add((entry.Key, paper));
                }

                keys.Add(entry.Key);
            }
        }

        if (pending is not null)
        {
            foreach (var (_, key, paper) in pending.Current(KnownText))
            {
                entries.Add((key, paper));
                keys.Add(key);
            }
        }

        foreach (var text in texts)
        {
            foreach (Match match in EntryHead().Matches(text))
            {
                keys.Add(match.Groups["key"].Value); // entries the parser gave up on still hold their key
            }
        }

        var known = new KnownEntries(entries, keys);
        knownByTarget[cacheKey] = known;
        return known;
    }

    /// <summary>
    /// The index paper a key names: its index key (or arXiv id), or the free variant this policy gives a paper whose
    /// index key a different .bib entry uses.
    /// </summary>
    private StoredPaper? FindIndexPaper(string key, BibTarget? target = null)
    {
        if (SafeFind(key) is { } stored)
        {
            return stored;
        }

        StoredPaper? needsVariant = null;
        foreach (var length in new[] { key.Length - 1, 6 })
        {
            if (length < 3 || length >= key.Length)
            {
                continue;
            }

            foreach (var candidate in catalog.FindByKeyPrefix(key[..length], 50))
            {
                if (!key.StartsWith(candidate.CitationKey, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var workspaceKey = KeyFor(candidate, target);
                if (string.Equals(workspaceKey, key, StringComparison.Ordinal))
                {
                    return candidate;
                }

                // a variant chosen with other "taken" keys (e.g. by completion): the longest index key it extends
                if (!string.Equals(workspaceKey, candidate.CitationKey, StringComparison.Ordinal)
                    && (needsVariant is null || candidate.CitationKey.Length > needsVariant.CitationKey.Length))
                {
                    needsVariant = candidate;
                }
            }
        }

        return needsVariant;
    }

    private StoredPaper? SafeFind(string keyOrId)
    {
        try
        {
            return catalog.FindByKey(keyOrId);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"@\s*[A-Za-z]+\s*[{(]\s*(?<key>[^\s,{}()""#%'=\\]+)\s*,")]
    private static partial Regex EntryHead();

    private sealed class KnownEntries(List<(string Key, Paper Paper)> entries, HashSet<string> keys)
    {
        public BibIdentityIndex Identities { get; } = new(entries.Select(e => new WorkspaceBibEntry(e.Key, "", "", 0, 0, 0, new Dictionary<string, string>(), e.Paper)));

        public bool HasKey(string key) => keys.Contains(key);

        public WorkspaceBibEntry? Find(Paper paper) => Identities.Find(paper);
    }
}
