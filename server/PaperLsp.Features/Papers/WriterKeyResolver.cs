using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using PaperLsp.Features.Catalog;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Papers;

/// <summary>
/// The index paper a key the writer cited stands for when neither the workspace .bib nor the index knows the key: keys
/// written as Google Scholar, Zotero or the ACL Anthology write them (<c>jimenez2024swebench</c>,
/// <c>chen-etal-2025-locagent</c>) spell the first author's surname, the year and the first title word. A key resolves
/// only when exactly one index paper fits all three (the surname as the first author's, the year or one either side —
/// preprint and venue years differ —, the title's key words starting with the word); the same year wins over a
/// neighbouring one, and when several fit equally the key stays unresolved rather than guess. A record without authors
/// (its key is title words + year) is taken only when no record with the writer's surname fits. Answers are remembered per
/// catalog while its content version holds (completion asks for every key cited in the document on each keystroke).
/// </summary>
public sealed partial class WriterKeyResolver
{
    private const int PrefixLookup = 50;
    private const int MaxRemembered = 8192;

    private static readonly ConditionalWeakTable<IPaperCatalog, WriterKeyResolver> ByCatalog = new();

    private readonly IPaperCatalog catalog;
    private readonly ConcurrentDictionary<string, string?> remembered = new(StringComparer.Ordinal);
    private string? version;

    private WriterKeyResolver(IPaperCatalog catalog) => this.catalog = catalog;

    /// <summary>The resolver of this catalog (one per catalog object, so its answers are shared by every request).</summary>
    public static WriterKeyResolver For(IPaperCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ByCatalog.GetValue(catalog, c => new WriterKeyResolver(c));
    }

    /// <summary>
    /// The parts of a writer's key (surname, year, first title word, all lower case), or null when the key does not have
    /// that shape (<c>survey-rl</c>, <c>smith2020</c>: no word; <c>2020smith</c>).
    /// </summary>
    public static WriterKey? Parse(string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }

        var lower = key.Trim().ToLowerInvariant();
        var match = ScholarKey().Match(lower);
        if (!match.Success)
        {
            match = AnthologyKey().Match(lower);
        }

        if (!match.Success)
        {
            return null;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var word = match.Groups["word"].Value;
        return year is < 1900 or > 2100 || word.Length < 2 ? null : new WriterKey(match.Groups["surname"].Value, year, word);
    }

    /// <summary>
    /// True when <paramref name="paper"/> fits the key's surname (a record without authors cannot contradict it), the
    /// year (or one either side) and the title word.
    /// </summary>
    public static bool Fits(WriterKey key, Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        if (paper.Authors.Count > 0 && CitationKeyGenerator.FamilyNameKey(paper.Authors[0]) != key.Surname)
        {
            return false;
        }

        if (paper.Year is not { } year || Math.Abs(year - key.Year) > 1)
        {
            return false;
        }

        var words = CitationKeyGenerator.TitleKeyWords(paper.Title);
        return string.Concat(words).StartsWith(key.Word, StringComparison.Ordinal)
            || string.Concat(TitleWordsWithStopWords(paper.Title)).StartsWith(key.Word, StringComparison.Ordinal);
    }

    /// <summary>The index paper the key stands for by its shape (see the type), or null when none or several fit.</summary>
    public StoredPaper? Resolve(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var current = catalog.ContentVersion;
        if (current is null || current != version)
        {
            remembered.Clear();
            version = current;
        }

        if (remembered.TryGetValue(key, out var indexKey))
        {
            return indexKey is null ? null : catalog.FindByKey(indexKey);
        }

        var paper = Find(key);
        if (current is not null)
        {
            if (remembered.Count >= MaxRemembered)
            {
                remembered.Clear();
            }

            remembered[key] = paper?.CitationKey;
        }

        return paper;
    }

    private StoredPaper? Find(string key)
    {
        if (Parse(key) is not { } parts)
        {
            return null;
        }

        // Index keys follow the same shape (surname + year + first title word), so a few key-prefix lookups find every
        // paper that could fit; the word's opening only, since the index may split it (SWE-bench → swe).
        var opening = parts.Word[..Math.Min(3, parts.Word.Length)];
        var fitting = new Dictionary<long, StoredPaper>();
        foreach (var year in (int[])[parts.Year, parts.Year - 1, parts.Year + 1])
        {
            foreach (var stored in catalog.FindByKeyPrefix(parts.Surname + year.ToString(CultureInfo.InvariantCulture) + opening, PrefixLookup))
            {
                if (stored.Paper.Authors.Count > 0 && Fits(parts, stored.Paper))
                {
                    fitting.TryAdd(stored.Id, stored);
                }
            }
        }

        // A record without authors has a key of its title words + year (swebenchcan2023): found by the word, it fits by
        // title and year alone, so it counts only when no record with the writer's first author fits.
        if (fitting.Count == 0)
        {
            foreach (var stored in catalog.FindByKeyPrefix(parts.Word, PrefixLookup))
            {
                if (stored.Paper.Authors.Count == 0 && Fits(parts, stored.Paper))
                {
                    fitting.TryAdd(stored.Id, stored);
                }
            }
        }

        var sameYear = fitting.Values.Where(p => p.Paper.Year == parts.Year).ToList();
        var best = sameYear.Count > 0 ? sameYear : [.. fitting.Values];
        if (best.Count > 1)
        {
            // several fit: the one whose first key word is the writer's word exactly, if only one is
            best = [.. best.Where(p => CitationKeyGenerator.TitleKeyWords(p.Paper.Title).FirstOrDefault(w => w.Any(char.IsAsciiLetter)) == parts.Word)];
        }

        return best.Count == 1 ? best[0] : null;
    }

    /// <summary>All the title's words as keys see them, stop words kept (a writer's tool may not skip "Can" or "Towards").</summary>
    private static IEnumerable<string> TitleWordsWithStopWords(string title) =>
        TextWords().Matches(PaperLsp.Ingestion.Text.TextNormalizer.FoldToAscii(PaperLsp.Ingestion.Text.TextNormalizer.Normalize(title).Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal), keepSpaces: true))
            .Select(m => m.Value);

    [GeneratedRegex(@"^(?<surname>[a-z]+)(?<year>(?:19|20)\d\d)(?<word>[a-z][a-z0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex ScholarKey();

    [GeneratedRegex(@"^(?<surname>[a-z]+)(?:-etal|-and-[a-z]+)?-(?<year>(?:19|20)\d\d)-(?<word>[a-z][a-z0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex AnthologyKey();

    [GeneratedRegex(@"[a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex TextWords();
}
