using System.Text.RegularExpressions;
using PaperLsp.Features.Actions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Server.Workspace;
using PaperLsp.Storage;

namespace PaperLsp.Server.Services;

/// <summary>
/// The edits of paperlsp.insertCitation: the key cited at the cursor (into the citation the cursor is in, else a new
/// citation in the document's syntax) and, when the key is not in the workspace .bib yet, its BibTeX entry appended
/// to the document's bibliography (LaTeX: the \bibliography/\addbibresource file, else the first workspace .bib,
/// else a new references.bib next to the document; other syntaxes: the first workspace .bib, if any).
/// </summary>
internal static partial class CitationInserter
{
    /// <summary>The edits, or a problem (unknown key).</summary>
    public static (IReadOnlyList<FileEdit> Edits, string? Problem) Compute(OpenDocument document, int offset, string key, PaperLspSettings settings)
    {
        var text = document.Snapshot.Text;
        var papers = document.Papers;
        var bibliography = papers.Bibliography;
        var entry = bibliography.Find(key);
        var stored = entry is null ? papers.Catalog.FindByKey(key) : null;
        if (entry is null && stored is null)
        {
            return ([], $"unknown citation key '{key}'");
        }

        var citedKey = entry?.Key ?? stored!.CitationKey;
        var edits = new List<FileEdit> { new(document.Path, [CiteAt(text, offset, document.Language, citedKey, settings)]) };
        if (stored is not null && !bibliography.ContainsKeyIgnoringCase(citedKey) && BibTarget(document, text) is { } bib)
        {
            edits.Add(AppendEntry(bibliography, bib, stored));
        }

        return (edits, null);
    }

    /// <summary>
    /// Only the BibTeX entry of an index paper, appended to the document's bibliography: no edits when the key is
    /// already there (in the parsed .bib or its current text), a problem when the key is unknown or no .bib can be
    /// chosen.
    /// </summary>
    public static (IReadOnlyList<FileEdit> Edits, string? Problem) BibEntryOnly(OpenDocument document, string key)
    {
        var papers = document.Papers;
        var bibliography = papers.Bibliography;
        if (bibliography.ContainsKeyIgnoringCase(key))
        {
            return ([], null);
        }

        if (papers.Catalog.FindByKey(key) is not { } stored)
        {
            return ([], $"unknown citation key '{key}'");
        }

        if (BibTarget(document, document.Snapshot.Text) is not { } bib)
        {
            return ([], "no workspace .bib to add the entry to");
        }

        if (!bib.Create && (bibliography.GetText(bib.Path) ?? "").Contains("{" + stored.CitationKey + ",", StringComparison.OrdinalIgnoreCase))
        {
            return ([], null); // appended a moment ago and not parsed yet
        }

        return ([AppendEntry(bibliography, bib, stored)], null);
    }

    /// <summary>The paper's BibTeX entry appended to (or starting) the chosen .bib; existing text is kept as it is.</summary>
    private static FileEdit AppendEntry(WorkspaceBibliography bibliography, (string Path, bool Create) bib, StoredPaper stored)
    {
        var existing = bib.Create ? "" : bibliography.GetText(bib.Path) ?? "";
        return new FileEdit(bib.Path, [CitationInsertion.AppendBibEntry(existing, BibtexWriter.Format(stored.Paper, stored.CitationKey))], bib.Create);
    }

    private static TextEdit CiteAt(string text, int offset, DocumentLanguage language, string key, PaperLspSettings settings)
    {
        offset = Math.Clamp(offset, 0, text.Length);
        var site = CitationSiteFinder.Find(text, offset, language, settings.CustomCiteMacros);
        if (site is not null)
        {
            if (site.CurrentKey.Length == 0)
            {
                return new TextEdit(site.ReplaceStart, site.ReplaceEnd, key);
            }

            switch (site.Syntax)
            {
                case CitationSyntax.LatexCommand or CitationSyntax.LatexMulticite:
                    return TextEdit.Insert(site.ReplaceEnd, "," + key);
                case CitationSyntax.PandocBracketed:
                    return TextEdit.Insert(site.ReplaceEnd, "; @" + key);
                default:
                    offset = site.Command.End;
                    break;
            }
        }

        var needsSpace = offset > 0 && !char.IsWhiteSpace(text[offset - 1]) && text[offset - 1] is not '(' and not '[' and not '{';
        return language switch
        {
            DocumentLanguage.Latex => TextEdit.Insert(offset, (needsSpace ? "~" : "") + "\\" + settings.CitationStyle + "{" + key + "}"),
            DocumentLanguage.Typst => TextEdit.Insert(offset, (needsSpace ? " " : "") + "@" + key),
            _ => TextEdit.Insert(offset, (needsSpace ? " " : "") + "[@" + key + "]"),
        };
    }

    private static (string Path, bool Create)? BibTarget(OpenDocument document, string text)
    {
        var bibliography = document.Papers.Bibliography;
        var directory = Path.GetDirectoryName(document.Path) ?? "";
        var named = new List<string>();
        if (document.Language == DocumentLanguage.Latex)
        {
            foreach (Match match in BibliographyCommand().Matches(text))
            {
                if (IsInLatexComment(text, match.Index))
                {
                    continue;
                }

                foreach (var name in match.Groups["names"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    named.Add(Path.GetFullPath(Path.Combine(directory, name.EndsWith(".bib", StringComparison.OrdinalIgnoreCase) ? name : name + ".bib")));
                }
            }
        }

        foreach (var path in named)
        {
            if (bibliography.ContainsFile(path))
            {
                return (path, false);
            }
        }

        if (bibliography.Paths.Count > 0)
        {
            var sameFolder = bibliography.Paths.FirstOrDefault(p => string.Equals(Path.GetDirectoryName(p), directory, StringComparison.Ordinal));
            return (sameFolder ?? bibliography.Paths[0], false);
        }

        if (document.Language != DocumentLanguage.Latex || !Path.IsPathRooted(document.Path))
        {
            return null;
        }

        return (named.Count > 0 ? named[0] : Path.Combine(directory, "references.bib"), true);
    }

    private static bool IsInLatexComment(string text, int offset)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        for (var i = lineStart; i < offset; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '%')
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\\(?:bibliography|addbibresource)\s*(?:\[[^\]]*\])?\s*\{(?<names>[^{}]*)\}")]
    private static partial Regex BibliographyCommand();
}
