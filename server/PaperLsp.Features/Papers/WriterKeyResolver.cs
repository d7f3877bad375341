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
/// preprint and venue years differ —, the word as the title's first word or first words run together, ending where a
/// title word ends); the same year wins over a
/// neighbouring one, and when several fit equally the key stays unresolved rather than guess. A record without authors
/// (its key is title words + year) fits by title and year alone and comes after a record by the writer's first author of
/// the same year; when a lookup may have been cut short (a common opening), the key stays unresolved. Answers are remembered per
/// catalog while its content version holds (completion asks for every key cited in the document on each keystroke).
/// </summary>
public sealed partial class WriterKeyResolver
{
    private const int PrefixLookup = 100;
    private const int AuthorlessLookup = 12;
    private const int MaxRemembered = 8192;

    private static readonly ConditionalWeakTable<IPaperCatalog, WriterKeyResolver> ByCatalog = new();

    private readonly IPaperCatalog catalog;
    private readonly ConcurrentDictionary<string, (string Version, string? IndexKey)> remembered = new(StringComparer.Ordinal);

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

        return OpensWith(CitationKeyGenerator.TitleKeyWords(paper.Title), key.Word) || OpensWith(TitleWordsWithStopWords(paper.Title), key.Word);
    }

    /// <summary>
    /// True when <paramref name="word"/> is the title's first word or its first few words run together (a key's word ends
    /// where a title word ends: <c>pal</c> does not open "PaLI-X", <c>llama</c> does not open "LlamaLens").
    /// </summary>
    private static bool OpensWith(IEnumerable<string> titleWords, string word)
    {
        var length = 0;
        foreach (var titleWord in titleWords)
        {
            if (length + titleWord.Length > word.Length || string.CompareOrdinal(word, length, titleWord, 0, titleWord.Length) != 0)
            {
                return false;
            }

            length += titleWord.Length;
            if (length == word.Length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index paper the key stands for by its shape (see the type), or null when none or several fit.</summary>
    public StoredPaper? Resolve(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        // each answer carries the content version it was found in: one of another version is found again
        var current = catalog.ContentVersion;
        if (current is not null && remembered.TryGetValue(key, out var known) && known.Version == current)
        {
            return known.IndexKey is null ? null : catalog.FindByKey(known.IndexKey);
        }

        var paper = Find(key);
        if (current is not null)
        {
            if (remembered.Count >= MaxRemembered)
            {
                remembered.Clear();
            }

            remembered[key] = (current, paper?.CitationKey);
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
        var authored = Lookup(((int[])[parts.Year, parts.Year - 1, parts.Year + 1]).Select(y => parts.Surname + y.ToString(CultureInfo.InvariantCulture) + opening), parts, withAuthors: true);

        // A record without authors has a key of three title words + year (swebenchlanguage2023); the writer's key has one
        // or many (swebench, swebenchlanguagemodelsresolve): looked up by each opening of the word followed by the year's
        // century, and by the word's first twelve letters. It fits by
        // title and year alone, so it is weaker evidence than a record by the writer's first author of the same year.
        var century = (parts.Year / 100).ToString(CultureInfo.InvariantCulture);
        var authorless = Lookup(
            Enumerable.Range(3, Math.Max(0, Math.Min(AuthorlessLookup, parts.Word.Length) - 3)).Select(n => parts.Word[..n] + century) // index words shorter than the writer's
                .Append(parts.Word[..Math.Min(AuthorlessLookup, parts.Word.Length)]), // the writer's word, or index words that go on
            parts,
            withAuthors: false);

        // The first tier with a fitting paper decides: same year by the first author, same year without authors, then a
        // year either side likewise. A tier whose lookups may have been cut short (a full page of keys) decides nothing.
        foreach (var (found, sameYear) in ((((IReadOnlyList<StoredPaper>, bool), bool)[])[(authored, true), (authorless, true), (authored, false), (authorless, false)]))
        {
            var (papers, complete) = found;
            var tier = papers.Where(p => (p.Paper.Year == parts.Year) == sameYear).ToList();
            if (tier.Count == 0 && complete)
            {
                continue;
            }

            if (!complete)
            {
                return null;
            }

            if (tier.Count > 1)
            {
                // several fit: the one whose first key word is the writer's word exactly, if only one is
                tier = [.. tier.Where(p => CitationKeyGenerator.TitleKeyWords(p.Paper.Title).FirstOrDefault(w => w.Any(char.IsAsciiLetter)) == parts.Word)];
            }

            return tier.Count == 1 ? tier[0] : null;
        }

        return null;
    }

    /// <summary>
    /// The papers with or without authors that fit the key among those whose index key starts with one of the prefixes,
    /// and whether every lookup was complete (fewer keys than a page).
    /// </summary>
    private (IReadOnlyList<StoredPaper> Papers, bool Complete) Lookup(IEnumerable<string> prefixes, WriterKey parts, bool withAuthors)
    {
        var fitting = new Dictionary<long, StoredPaper>();
        var complete = true;
        foreach (var prefix in prefixes)
        {
            var page = catalog.FindByKeyPrefix(prefix, PrefixLookup);
            complete &= page.Count < PrefixLookup;
            foreach (var stored in page)
            {
                if ((stored.Paper.Authors.Count > 0) == withAuthors && Fits(parts, stored.Paper))
                {
                    fitting.TryAdd(stored.Id, stored);
                }
            }
        }

        return ([.. fitting.Values], complete);
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
