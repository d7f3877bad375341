using System.Text.RegularExpressions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Diagnostics;

/// <summary>
/// Reports every cited key that neither the workspace .bib nor the catalog knows, with up to three closest known
/// keys as replace quick fixes. Citations still being typed (unclosed) are not reported.
/// </summary>
public sealed partial class CitationDiagnostics
{
    private const int MaxSuggestions = 3;
    private readonly IPaperCatalog catalog;
    private readonly WorkspaceBibliography bibliography;

    public CitationDiagnostics(IPaperCatalog catalog, WorkspaceBibliography bibliography)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bibliography);
        this.catalog = catalog;
        this.bibliography = bibliography;
    }

    public IReadOnlyList<CitationDiagnostic> Compute(
        string text,
        DocumentLanguage language,
        IEnumerable<string>? customCiteMacros = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var typstLabels = language == DocumentLanguage.Typst
            ? TypstLabel().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal)
            : [];
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        var diagnostics = new List<CitationDiagnostic>();
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

                if (!known.TryGetValue(key, out var isKnown))
                {
                    isKnown = bibliography.ContainsKey(key) || catalog.FindByKey(key) is not null;
                    known[key] = isKnown;
                }

                if (isKnown)
                {
                    continue;
                }

                var suggestions = Suggest(key, span.Start, span.End);
                var severity = citation.Syntax is CitationSyntax.PandocInText or CitationSyntax.TypstReference
                    ? DiagnosticSeverity.Information
                    : DiagnosticSeverity.Warning;
                var message = $"Unknown citation key '{key}': not in the workspace .bib nor in the paper catalog";
                if (suggestions.Count > 0)
                {
                    message += $" (did you mean '{suggestions[0].Key}'?)";
                }

                diagnostics.Add(new CitationDiagnostic(span.Start, span.End, key, message, severity, suggestions));
            }
        }

        return diagnostics;
    }

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
}
