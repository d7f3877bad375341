using System.Text.RegularExpressions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Papers;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Diagnostics;

/// <summary>
/// Diagnostics a writer can trust: a cited key the index knows but no workspace .bib defines is a warning (quick fix:
/// add its entry), or an error whose first replacement is the .bib's key when the .bib has that paper under another key;
/// a key whose .bib entry is malformed is reported as malformed; a key nobody knows is an error with up to three closest
/// known keys as replace quick fixes. A key neither knows but whose shape (surname + year + title word,
/// <see cref="PaperResolver.ByKeyShape"/>) fits one index paper names that paper: a warning with the quick fix to add
/// its entry under the writer's key, or, when the .bib has that paper under another key, an error whose first
/// replacement is that key. Citations still being typed (unclosed, or touching the span being edited) are not reported.
/// Also the syntax problems of .bib files.
/// </summary>
public sealed partial class CitationDiagnostics
{
    private const int MaxSuggestions = 3;
    private readonly IPaperCatalog catalog;
    private readonly WorkspaceBibliography bibliography;
    private readonly WorkspaceBibliography? workspace;
    private readonly PaperResolver resolver;

    /// <param name="catalog">The paper index.</param>
    /// <param name="bibliography">The .bib files the document cites from (a LaTeX paper's: those its \bibliography names).</param>
    /// <param name="workspace">
    /// Every .bib of the workspace, when <paramref name="bibliography"/> is only some of them: a key defined only in one the
    /// document does not use is reported as such (BibTeX will not find it there).
    /// </param>
    public CitationDiagnostics(IPaperCatalog catalog, WorkspaceBibliography bibliography, WorkspaceBibliography? workspace = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bibliography);
        this.catalog = catalog;
        this.bibliography = bibliography;
        this.workspace = workspace;
        resolver = new PaperResolver(catalog, bibliography);
    }

    /// <param name="typing">
    /// The span the writer is editing now (char offsets), or null: a key touching it is not reported (it is being typed).
    /// </param>
    public IReadOnlyList<CitationDiagnostic> Compute(
        string text,
        DocumentLanguage language,
        IEnumerable<string>? customCiteMacros = null,
        (int Start, int End)? typing = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var typstLabels = language == DocumentLanguage.Typst
            ? TypstLabel().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal)
            : [];
        var verdicts = new Dictionary<string, Verdict>(StringComparer.Ordinal);
        var named = new Dictionary<string, StoredPaper>(StringComparer.Ordinal); // the index paper an InIndexOnly / ByKeyShape key names
        var outside = new Dictionary<string, WorkspaceBibEntry>(StringComparer.Ordinal); // the entry an InUnusedBib key has in another .bib
        var diagnostics = new List<CitationDiagnostic>();
        Dictionary<string, (string Path, ParseProblem? Problem)>? malformed = null;
        foreach (var citation in CitationScanner.FindAll(text, language, customCiteMacros))
        {
            if (!citation.IsClosed)
            {
                continue;
            }

            foreach (var span in citation.Keys)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var key = span.Key;
                if (key.Length == 0 || key == "*" || typstLabels.Contains(key))
                {
                    continue; // \nocite{*} cites everything
                }

                if (typing is { } editing && span.Start <= editing.End && span.End >= editing.Start)
                {
                    continue; // being typed: reported once the writer moves on or pauses
                }

                if (!verdicts.TryGetValue(key, out var verdict))
                {
                    verdict = bibliography.ContainsKey(key) || bibliography.ContainsKeyIgnoringCase(key) ? Verdict.InBibliography
                        : IsMalformed(key, ref malformed) ? Verdict.Malformed
                        : workspace?.EntryOutside(bibliography, key) is { } elsewhere ? Outside(outside, key, elsewhere)
                        : catalog.FindByKey(key) is { } indexed ? Named(named, key, indexed, Verdict.InIndexOnly)
                        : resolver.ByKeyShape(key) is { } shaped ? Named(named, key, shaped, Verdict.ByKeyShape)
                        : Verdict.Unknown;
                    verdicts[key] = verdict;
                }

                var inText = citation.Syntax is CitationSyntax.PandocInText or CitationSyntax.TypstReference;
                switch (verdict)
                {
                    case Verdict.InBibliography:
                        break;
                    case Verdict.Malformed:
                        var (path, problem) = malformed![key];
                        diagnostics.Add(new CitationDiagnostic(
                            span.Start,
                            span.End,
                            key,
                            $"The entry of '{key}' in {Path.GetFileName(path)} is malformed" + (problem is null ? "" : $" (line {problem.Line}: {problem.Message})") + ": BibTeX cannot read it",
                            DiagnosticSeverity.Error,
                            [],
                            DiagnosticCodes.MalformedEntry));
                        break;
                    case Verdict.InUnusedBib:
                        diagnostics.Add(new CitationDiagnostic(
                            span.Start,
                            span.End,
                            key,
                            $"'{key}' is defined only in {Path.GetFileName(outside[key].Path)}, which this paper's \\bibliography does not name: BibTeX will report it undefined",
                            DiagnosticSeverity.Warning,
                            [],
                            DiagnosticCodes.InUnusedBib));
                        break;
                    case Verdict.InIndexOnly:
                        diagnostics.Add(IndexPaperDiagnostic(span, named[key], byShape: false, inText));
                        break;
                    case Verdict.ByKeyShape:
                        diagnostics.Add(IndexPaperDiagnostic(span, named[key], byShape: true, inText));
                        break;
                    default:
                        var suggestions = Suggest(key, span.Start, span.End);
                        var message = $"Unknown citation key '{key}': not in the workspace .bib nor in the paper catalog";
                        if (suggestions.Count > 0)
                        {
                            message += $" (did you mean '{suggestions[0].Key}'?)";
                        }

                        diagnostics.Add(new CitationDiagnostic(span.Start, span.End, key, message, inText ? DiagnosticSeverity.Information : DiagnosticSeverity.Error, suggestions));
                        break;
                }
            }
        }

        return diagnostics;
    }

    /// <summary>
    /// Syntax problems of one workspace .bib as char ranges of its text: from where the parser detected the problem to
    /// the end of that line.
    /// </summary>
    public static IReadOnlyList<CitationDiagnostic> BibFileProblems(WorkspaceBibliography bibliography, string path)
    {
        ArgumentNullException.ThrowIfNull(bibliography);
        var text = bibliography.GetText(path) ?? "";
        var result = new List<CitationDiagnostic>();
        foreach (var problem in bibliography.ParseProblemsIn(path))
        {
            var start = problem.Offset >= 0 ? Math.Min(problem.Offset, text.Length) : LineStart(text, problem.Line);
            var lineEnd = text.IndexOf('\n', start);
            var end = lineEnd < 0 ? text.Length : lineEnd;
            if (end == start && start > 0 && (lineEnd >= 0 || start == text.Length))
            {
                start = LineStart(text, LineOf(text, start)); // an error at a line end: underline the line
            }

            var severity = problem.Message.StartsWith("Duplicate", StringComparison.Ordinal) || problem.Message.Contains("twice", StringComparison.Ordinal)
                ? DiagnosticSeverity.Warning
                : DiagnosticSeverity.Error;
            result.Add(new CitationDiagnostic(start, end, "", problem.Message, severity, [], DiagnosticCodes.BibSyntax));
        }

        return result;
    }

    private static Verdict Named(Dictionary<string, StoredPaper> named, string key, StoredPaper stored, Verdict verdict)
    {
        named[key] = stored;
        return verdict;
    }

    private static Verdict Outside(Dictionary<string, WorkspaceBibEntry> outside, string key, WorkspaceBibEntry entry)
    {
        outside[key] = entry;
        return Verdict.InUnusedBib;
    }

    /// <summary>
    /// A cited key that names one index paper — its index key, or a writer's key whose shape fits it — and that no .bib
    /// defines: the paper's entry is missing (a warning; quick fix: add it under the cited key), or the .bib has the paper
    /// under another key (an error; first replacement: that key, and the paper's index key is not offered beside it).
    /// </summary>
    private CitationDiagnostic IndexPaperDiagnostic(CitationKeySpan span, StoredPaper stored, bool byShape, bool inText)
    {
        var key = span.Key;
        var paper = $"{Shorten(stored.Paper.Title)}" + (stored.Paper.Year is { } year ? $" ({year})" : "");
        var names = !byShape ? "names" // the index key, or an arXiv id / DOI the index knows
            : stored.Paper.Authors.Count > 0 ? "its shape (first author, year, title word) fits"
            : "its year and title word fit (a record without authors)";
        if (resolver.BibEntryFor(stored.Paper) is { } entry)
        {
            return new CitationDiagnostic(
                span.Start,
                span.End,
                key,
                $"Unknown citation key '{key}': {(byShape ? "" : "it ")}{names} {paper}, which your .bib has as '{entry.Key}'",
                inText ? DiagnosticSeverity.Information : DiagnosticSeverity.Error,
                BibKeyFirst(key, span.Start, span.End, stored, entry));
        }

        return new CitationDiagnostic(
            span.Start,
            span.End,
            key,
            byShape
                ? $"'{key}' is not in any workspace .bib; {names} {paper} in the paper index: BibTeX will report it undefined"
                : $"'{key}' ({Shorten(stored.Paper.Title)}) is in the paper index but not in any workspace .bib: BibTeX will report it undefined",
            inText ? DiagnosticSeverity.Information : DiagnosticSeverity.Warning,
            [],
            DiagnosticCodes.NotInBibliography);
    }

    private bool IsMalformed(string key, ref Dictionary<string, (string Path, ParseProblem? Problem)>? malformed)
    {
        if (malformed is null)
        {
            malformed = new Dictionary<string, (string, ParseProblem?)>(StringComparer.OrdinalIgnoreCase);
            foreach (var path in bibliography.Paths)
            {
                var problems = bibliography.ParseProblemsIn(path);
                if (problems.Count == 0)
                {
                    continue;
                }

                var text = bibliography.GetText(path) ?? "";
                var heads = EntryHead().Matches(text);
                for (var h = 0; h < heads.Count; h++)
                {
                    var headKey = heads[h].Groups["key"].Value;
                    if (bibliography.FileDefinesKey(path, headKey))
                    {
                        continue;
                    }

                    var from = heads[h].Index;
                    var to = h + 1 < heads.Count ? heads[h + 1].Index : text.Length;
                    var (firstLine, lastLine) = (LineOf(text, from), LineOf(text, to));
                    var problem = problems.FirstOrDefault(p => (p.Offset >= from && p.Offset <= to) || (p.Line >= firstLine && p.Line <= lastLine));
                    malformed.TryAdd(headKey, (path, problem));
                }
            }
        }

        return malformed.ContainsKey(key);
    }

    private static int LineOf(string text, int offset)
    {
        var line = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private static int LineStart(string text, int line)
    {
        var offset = 0;
        for (var current = 1; current < line && offset < text.Length; current++)
        {
            var next = text.IndexOf('\n', offset);
            if (next < 0)
            {
                return text.Length;
            }

            offset = next + 1;
        }

        return offset;
    }

    private static string Shorten(string title) => title.Length <= 60 ? title : title[..57] + "...";

    /// <summary>
    /// The replace quick fixes of a key no .bib defines, as replace edits of [start, end) (what the diagnostic lists and
    /// the code action offers): when the key names an index paper (its index key or arXiv id, or its shape fits it) that
    /// the .bib has under another key, that key first; then the closest known keys (<see cref="Suggest"/>), up to three.
    /// </summary>
    public IReadOnlyList<KeySuggestion> Replacements(string key, int start, int end) =>
        bibliography.Find(key) is null && (catalog.FindByKey(key) ?? resolver.ByKeyShape(key)) is { } stored && resolver.BibEntryFor(stored.Paper) is { } entry
            ? BibKeyFirst(key, start, end, stored, entry)
            : Suggest(key, start, end);

    /// <summary>The .bib's key of the paper the cited key names, then the closest other keys (not the paper's index key).</summary>
    private IReadOnlyList<KeySuggestion> BibKeyFirst(string key, int start, int end, StoredPaper stored, WorkspaceBibEntry entry) =>
    [
        new KeySuggestion(entry.Key, entry.Paper.Title, new TextEdit(start, end, entry.Key)),
        .. Suggest(key, start, end).Where(s => s.Key != entry.Key && s.Key != stored.CitationKey).Take(MaxSuggestions - 1),
    ];

    /// <summary>Up to three known keys closest to <paramref name="key"/>, as replace edits of [start, end).</summary>
    public IReadOnlyList<KeySuggestion> Suggest(string key, int start, int end)
    {
        var candidates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in bibliography.Entries)
        {
            candidates.TryAdd(entry.Key, entry.Paper.Title);
        }

        foreach (var length in new[] { 3, 6 })
        {
            if (key.Length >= length)
            {
                foreach (var stored in catalog.FindByKeyPrefix(key[..length], 50))
                {
                    candidates.TryAdd(stored.CitationKey, stored.Paper.Title);
                }
            }
        }

        var maxDistance = Math.Max(2, key.Length / 4);
        return candidates
            .Where(c => !c.Key.Equals(key, StringComparison.Ordinal))
            .Select(c => (c.Key, Title: c.Value, Distance: KeyDistance.DamerauLevenshtein(key, c.Key), Similarity: KeyDistance.JaroWinkler(key, c.Key)))
            .Where(c => c.Distance <= maxDistance || c.Similarity >= 0.9)
            .OrderBy(c => c.Distance)
            .ThenByDescending(c => c.Similarity)
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(MaxSuggestions)
            .Select(c => new KeySuggestion(c.Key, c.Title, new TextEdit(start, end, c.Key)))
            .ToList();
    }

    [GeneratedRegex(@"<([\w\-:.]+)>")]
    private static partial Regex TypstLabel();

    [GeneratedRegex(@"@\s*[A-Za-z]+\s*[{(]\s*(?<key>[^\s,{}()""#%'=\\]+)\s*,")]
    private static partial Regex EntryHead();

    private enum Verdict
    {
        InBibliography,
        Malformed,
        InUnusedBib,
        InIndexOnly,
        ByKeyShape,
        Unknown,
    }
}
