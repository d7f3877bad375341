using System.Text.Json;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Identity;

namespace PaperLsp.Retrieval.Evaluation;

/// <summary>
/// Replays the citations of real LaTeX papers through <see cref="CitationCompletion"/> (the server's completion code):
/// for each cited key that matches an index paper, the document as it stood when the writer got there (the text
/// after the key removed, the brace closed as editors do), with the paper's .bib loaded or not, the rank of the true
/// key after typing 0, 1, 2, 3… of its characters. Beside it, a texlab-like baseline that knows only the .bib's keys.
/// </summary>
public static class TypingEvaluator
{
    /// <summary>
    /// Cases of one paper folder (citation_overlap.json + src/): every key occurrence in the .tex files that is in the .bib
    /// and matched to the index, or, with <paramref name="notInIndex"/>, every occurrence of a .bib key the overlap file
    /// does not match to the corpus (the citations a writer makes of papers the index lacks).
    /// </summary>
    public static (IReadOnlyList<TypingCase> Cases, IReadOnlyList<string> BibFiles) LoadCases(string paperDirectory, bool notInIndex = false)
    {
        using var overlap = JsonDocument.Parse(File.ReadAllText(Path.Combine(paperDirectory, "citation_overlap.json")));
        var root = overlap.RootElement;
        var matched = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var citation in root.GetProperty("citations").EnumerateArray())
        {
            if (citation.GetProperty("status").GetString() == "matched")
            {
                var corpusId = citation.TryGetProperty("corpus_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                matched[citation.GetProperty("key").GetString()!] = corpusId is not null && ArxivId.TryParse(corpusId, out var parsed, out _) ? parsed : null;
            }
        }

        var set = Path.GetFileName(Path.TrimEndingDirectorySeparator(paperDirectory));
        var files = root.GetProperty("summary").GetProperty("files_used").EnumerateArray().Select(f => f.GetString()!).ToList();
        var bibs = files.Where(f => f.EndsWith(".bib", StringComparison.OrdinalIgnoreCase)).Select(f => Path.Combine(paperDirectory, "src", f)).Where(File.Exists).ToList();
        var bibKeys = new WorkspaceBibliography();
        foreach (var bib in bibs)
        {
            bibKeys.Update(bib, File.ReadAllText(bib));
        }

        var cases = new List<TypingCase>();
        foreach (var file in files.Where(f => f.EndsWith(".tex", StringComparison.OrdinalIgnoreCase)))
        {
            var path = Path.Combine(paperDirectory, "src", file);
            if (!File.Exists(path))
            {
                continue;
            }

            var text = File.ReadAllText(path);
            foreach (var command in CitationScanner.FindAll(text, DocumentLanguage.Latex))
            {
                var keys = command.Keys.Select(k => k.Key).ToList();
                for (var j = 0; j < command.Keys.Count; j++)
                {
                    var key = command.Keys[j];
                    string? arxivId = null;
                    if (bibKeys.ContainsKey(key.Key) && (notInIndex ? !matched.ContainsKey(key.Key) : matched.TryGetValue(key.Key, out arxivId)))
                    {
                        var line = 1 + text.AsSpan(0, key.Start).Count('\n');
                        var left = keys.Skip(j).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
                        cases.Add(new TypingCase(set, $"{set}/{file}:{line}", text[..key.Start], key.Key, arxivId, left));
                    }
                }
            }
        }

        return (cases, bibs);
    }

    /// <summary>
    /// Ranks of the expected key after typing k characters (k = 0..3, 1-based, null = not offered) and the typed
    /// characters until it is first (its length when never). <paramref name="expectedKey"/> is the key the writer
    /// means in this workspace; an offered key in <paramref name="samePaper"/> (other .bib keys of the same paper, see
    /// <see cref="SamePaperKeys"/>) counts as it, since it cites the same paper.
    /// </summary>
    public static (int?[] Ranks, int Keystrokes) Replay(CitationCompletion completion, string textBefore, string expectedKey, int limit = 50, IReadOnlyCollection<string>? samePaper = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var ranks = new int?[4];
        int? keystrokes = null;
        for (var n = 0; n <= expectedKey.Length && (n < 4 || keystrokes is null); n++)
        {
            var typed = expectedKey[..n];
            var document = textBefore + typed + "}";
            var result = completion.Complete(new CompletionRequest(document, textBefore.Length + n, DocumentLanguage.Latex, Limit: limit), cancellationToken);
            var index = result.Items.ToList().FindIndex(i => i.Label == expectedKey || (samePaper?.Contains(i.Label) ?? false));
            int? rank = index < 0 ? null : index + 1;
            if (n < 4)
            {
                ranks[n] = rank;
            }

            if (rank == 1 && keystrokes is null)
            {
                keystrokes = n;
            }
        }

        return (ranks, keystrokes ?? expectedKey.Length);
    }

    /// <summary>
    /// The texlab-like baseline: only the .bib's keys, those having the typed text as a (case-insensitive) subsequence,
    /// prefix matches first, then alphabetical (case-insensitive). Same outputs as <see cref="Replay"/>.
    /// </summary>
    public static (int?[] Ranks, int Keystrokes) Baseline(IReadOnlyList<string> bibKeys, string expectedKey, IReadOnlyCollection<string>? samePaper = null)
    {
        var keys = bibKeys.Distinct(StringComparer.Ordinal).OrderBy(k => k.ToLowerInvariant(), StringComparer.Ordinal).ToList();
        var ranks = new int?[4];
        var keystrokes = expectedKey.Length;
        for (var n = 0; n <= expectedKey.Length; n++)
        {
            var typed = expectedKey[..n].ToLowerInvariant();
            var offered = keys.Where(k => IsSubsequence(typed, k.ToLowerInvariant()))
                .OrderBy(k => k.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
                .ThenBy(k => k.ToLowerInvariant(), StringComparer.Ordinal)
                .ToList();
            var index = offered.FindIndex(k => k == expectedKey || (samePaper?.Contains(k) ?? false));
            int? rank = index < 0 ? null : index + 1;
            if (n < 4)
            {
                ranks[n] = rank;
            }

            if (rank == 1 && keystrokes == expectedKey.Length)
            {
                keystrokes = n;
            }
        }

        return (ranks, keystrokes);
    }

    /// <summary>
    /// The best any ranking can do on a case without knowing the order in which the writer lists the keys of one
    /// citation command: the m keys left in the command fit the same sentence, so a key is first before typing with
    /// probability 1/m at best, and otherwise needs the characters that set its prefix apart from the other keys left.
    /// </summary>
    public static (double HitAt1, double Keystrokes) Ceiling(TypingCase typingCase)
    {
        ArgumentNullException.ThrowIfNull(typingCase);
        var key = typingCase.BibKey;
        var others = typingCase.KeysLeft.Where(k => k != key).ToList();
        var m = others.Count + 1;
        var distinct = 1;
        while (distinct < key.Length && others.Any(o => o.StartsWith(key[..distinct], StringComparison.OrdinalIgnoreCase)))
        {
            distinct++;
        }

        return (1.0 / m, (1.0 - (1.0 / m)) * distinct);
    }

    /// <summary>The keys of the other .bib entries describing the same paper as <paramref name="key"/>'s (the ingestion identity rules).</summary>
    public static IReadOnlyCollection<string> SamePaperKeys(WorkspaceBibliography bibliography, string key)
    {
        ArgumentNullException.ThrowIfNull(bibliography);
        if (bibliography.Find(key) is not { } entry)
        {
            return [];
        }

        return bibliography.Entries.Where(e => e.Key != key && PaperLsp.Features.Papers.BibIdentityIndex.Same(e.Paper, entry.Paper)).Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsSubsequence(string needle, string haystack)
    {
        var j = 0;
        foreach (var ch in haystack)
        {
            if (j < needle.Length && needle[j] == ch)
            {
                j++;
            }
        }

        return j == needle.Length;
    }
}
