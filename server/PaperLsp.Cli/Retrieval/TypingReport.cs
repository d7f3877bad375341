using System.Diagnostics;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Completion;
using PaperLsp.Retrieval.Evaluation;

namespace PaperLsp.Cli.Retrieval;

/// <summary>
/// The table of <c>paperlsp eval --typing</c>: completion replayed on each cited key of the LaTeX papers (with and
/// without the paper's .bib) beside the texlab-like baseline, for the tuning papers and the reported ones apart.
/// </summary>
internal static class TypingReport
{
    public static void Run(TextWriter output, IPaperCatalog catalog, IReadOnlyList<string> folders, IReadOnlySet<string> tuneSets, CompletionWeights weights, string label, TextWriter? caseLog = null, bool sameKeyOnly = false, bool notInIndex = false)
    {
        var rows = new List<(string Set, string Ranking, (int?[] Ranks, int Keystrokes) Row)>();
        var ceilings = new List<(string Set, double HitAt1, double Keystrokes)>();
        var clock = Stopwatch.StartNew();
        var calls = 0;
        var firstTimes = new List<double>();
        var shapes = new List<(string Set, bool InIndex, bool Resolved, bool Right)>();
        foreach (var folder in folders)
        {
            var (cases, bibFiles) = TypingEvaluator.LoadCases(folder, notInIndex);
            foreach (var c in cases)
            {
                var (hit, keys) = TypingEvaluator.Ceiling(c);
                ceilings.Add((c.Set, hit, keys));
            }

            var bibliography = new WorkspaceBibliography();
            foreach (var bib in bibFiles)
            {
                bibliography.Update(bib, File.ReadAllText(bib));
            }

            shapes.AddRange(WriterKeyShapes(catalog, bibliography, cases, caseLog, label));

            var withBib = new CitationCompletion(catalog, bibliography) { Weights = weights };
            var withoutBib = new CitationCompletion(catalog, new WorkspaceBibliography()) { Weights = weights };
            var bibKeys = bibliography.Entries.Select(e => e.Key).ToList();
            var results = new (string, string, (int?[], int))[cases.Count * 3];
            Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                var c = cases[i];
                var samePaper = sameKeyOnly ? [] : TypingEvaluator.SamePaperKeys(bibliography, c.BibKey);
                results[(3 * i) + 0] = (c.Set, "completion, .bib", TypingEvaluator.Replay(withBib, c.TextBefore, c.BibKey, samePaper: samePaper));
                if (caseLog is not null)
                {
                    // What came first instead, before typing and after one and two characters, asked as the replay asks.
                    var offered = Enumerable.Range(0, 3).Select(n => string.Join(' ', withBib.Complete(new CompletionRequest(c.TextBefore + c.BibKey[..Math.Min(n, c.BibKey.Length)] + "}", c.TextBefore.Length + Math.Min(n, c.BibKey.Length), PaperLsp.Features.Text.DocumentLanguage.Latex)).Items.Take(3).Select(item => item.Label))); // the replay's (and the server's) limit: the candidate pool depends on it
                    var (ranks, keys) = results[3 * i].Item3;
                    var above = Enumerable.Range(1, 2).Select(n => Above(withBib, c, n, samePaper)).ToList();
                    lock (caseLog)
                    {
                        caseLog.WriteLine(string.Join('\t', [label, c.Origin, c.BibKey, string.Join('/', ranks.Select(r => r?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")), keys.ToString(System.Globalization.CultureInfo.InvariantCulture), c.KeysLeft.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), .. offered, .. above]));
                    }
                }

                var indexPaper = (c.IndexArxivId is { } id ? catalog.FindByKey(id) : null) ?? catalog.FindSamePaper(bibliography.Find(c.BibKey)!.Paper);
                if (indexPaper is not null)
                {
                    // the first completion of the citation without the .bib, timed in-process (nothing of this sentence cached yet)
                    var firstClock = Stopwatch.StartNew();
                    withoutBib.Complete(new CompletionRequest(c.TextBefore + "}", c.TextBefore.Length, PaperLsp.Features.Text.DocumentLanguage.Latex, Limit: 50));
                    lock (firstTimes)
                    {
                        firstTimes.Add(firstClock.Elapsed.TotalMilliseconds);
                    }
                }

                results[(3 * i) + 1] = (c.Set, "completion, no .bib", indexPaper is null
                    ? (new int?[4], c.BibKey.Length)
                    : TypingEvaluator.Replay(withoutBib, c.TextBefore, indexPaper.CitationKey, samePaper: WritersOwnKey(catalog, c.BibKey)));
                if (caseLog is not null)
                {
                    var (noBibRanks, noBibKeys) = results[(3 * i) + 1].Item3;
                    lock (caseLog)
                    {
                        caseLog.WriteLine(string.Join('\t', [label + " (no .bib)", c.Origin, indexPaper?.CitationKey ?? c.BibKey, string.Join('/', noBibRanks.Select(r => r?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-")), noBibKeys.ToString(System.Globalization.CultureInfo.InvariantCulture), c.KeysLeft.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
                    }
                }

                results[(3 * i) + 2] = (c.Set, "texlab-like, .bib", TypingEvaluator.Baseline(bibKeys, c.BibKey, samePaper));
                Interlocked.Add(ref calls, 1);
            });
            rows.AddRange(results);
        }

        output.WriteLine();
        output.WriteLine($"typing replay, completion weights: {label} ({calls} cited keys{(notInIndex ? " not matched to the corpus" : "")}, {clock.Elapsed.TotalSeconds:F0} s)");
        if (firstTimes.Count > 0)
        {
            firstTimes.Sort();
            output.WriteLine($"first completion of a citation without the .bib (in-process, 2 in parallel): mean {firstTimes.Average():F1} ms, p50 {firstTimes[firstTimes.Count / 2]:F1}, p90 {firstTimes[(int)(firstTimes.Count * 0.9)]:F1} (n={firstTimes.Count})");
        }

        foreach (var group in shapes.GroupBy(s => (Short(s.Set), s.InIndex)))
        {
            output.WriteLine(group.Key.InIndex
                ? $"writer keys resolved by their shape (keys the index does not have, answer by arXiv id), {group.Key.Item1}: {group.Count(s => s.Resolved)} of {group.Count()}, {group.Count(s => s.Resolved && s.Right)} right, {group.Count(s => s.Resolved && !s.Right)} wrong"
                : $"writer keys of papers the index lacks (not found by arXiv id nor by the .bib entry's identity), {group.Key.Item1}: {group.Count(s => s.Resolved)} of {group.Count()} resolved by their shape (wrong papers, unless the index has the paper under another title)");
        }

        output.WriteLine($"{"papers",-34} {"ranking",-20} {"n",4} {"hit@1 k=0..3",-24} {"hit@5 k=0..3",-24} {"hit@10",6} {"keys→1st",8}");
        var groups = new (string Name, Func<string, bool> Member)[]
        {
            ("tuning: " + string.Join("+", tuneSets.Select(Short)), tuneSets.Contains),
            ("reported: the others", s => !tuneSets.Contains(s)),
            ("all", _ => true),
        };
        foreach (var (name, member) in groups)
        {
            foreach (var ranking in new[] { "completion, .bib", "completion, no .bib", "texlab-like, .bib" })
            {
                var m = TypingMetrics.From(rows.Where(r => member(r.Set) && r.Ranking == ranking).Select(r => r.Row).ToList());
                if (m.Cases == 0)
                {
                    continue;
                }

                output.WriteLine($"{name,-34} {ranking,-20} {m.Cases,4} {Join(m.HitAt1),-24} {Join(m.HitAt5),-24} {m.HitAt10,6:F3} {m.MeanKeystrokes,8:F2}");
            }

            var ceiling = ceilings.Where(c => member(c.Set)).ToList();
            if (ceiling.Count > 0)
            {
                output.WriteLine($"{name,-34} {"ceiling (key lists)",-20} {ceiling.Count,4} {ceiling.Average(c => c.HitAt1),-24:F3} {"",-24} {"",6} {ceiling.Average(c => c.Keystrokes),8:F2}");
            }
        }

        foreach (var set in rows.Select(r => r.Set).Distinct())
        {
            var m = TypingMetrics.From(rows.Where(r => r.Set == set && r.Ranking == "completion, .bib").Select(r => r.Row).ToList());
            var n = TypingMetrics.From(rows.Where(r => r.Set == set && r.Ranking == "completion, no .bib").Select(r => r.Row).ToList());
            output.WriteLine($"  {Short(set),-32} .bib: hit@1 {m.HitAt1[0]:F3} hit@5 {m.HitAt5[0]:F3} keys {m.MeanKeystrokes:F2}; no .bib: hit@10 {n.HitAt10:F3} (n={m.Cases})");
        }
    }

    /// <summary>
    /// The keys offered above the expected one after typing <paramref name="n"/> of its characters, each tagged by what it
    /// is: b = another .bib entry, i = an index paper not in the .bib, c = a key cited earlier in the document (b/i as
    /// well), p = the prefix fits it as a key prefix (else a looser match). Empty when the expected key is first.
    /// </summary>
    private static string Above(CitationCompletion completion, TypingCase c, int n, IReadOnlyCollection<string> samePaper)
    {
        var typed = c.BibKey[..Math.Min(n, c.BibKey.Length)];
        var items = completion.Complete(new CompletionRequest(c.TextBefore + typed + "}", c.TextBefore.Length + typed.Length, PaperLsp.Features.Text.DocumentLanguage.Latex)).Items;
        var cited = PaperLsp.Features.Citations.CitationScanner.FindAll(c.TextBefore, PaperLsp.Features.Text.DocumentLanguage.Latex)
            .SelectMany(command => command.Keys).Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var above = items.TakeWhile(item => item.Label != c.BibKey && !samePaper.Contains(item.Label))
            .Select(item => item.Label + ":" + (item.InBibliography ? "b" : "i") + (cited.Contains(item.Label) ? "c" : "") + (item.Label.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ? "p" : ""));
        return string.Join(' ', above);
    }

    /// <summary>
    /// Without the .bib, the writer's own key for the paper (cited earlier in the document and offered under it, see
    /// <see cref="CompletionWeights.WriterKeys"/>) is as right as the index key: it is the text the writer wrote. Only when
    /// no index paper has that key, so that an index paper whose key merely equals it does not count.
    /// </summary>
    private static string[] WritersOwnKey(IPaperCatalog catalog, string writerKey) =>
        catalog.FindByKey(writerKey) is null ? [writerKey] : [];

    /// <summary>
    /// For each distinct cited key the index does not have as a key: is its paper in the index (by the arXiv id of
    /// citation_overlap.json, else by the identity of the .bib entry: arXiv id, DOI or title), did
    /// <see cref="PaperLsp.Features.Papers.WriterKeyResolver"/> resolve it, and to the right paper? A key whose paper the
    /// index lacks is never resolved rightly.
    /// </summary>
    private static IEnumerable<(string Set, bool InIndex, bool Resolved, bool Right)> WriterKeyShapes(IPaperCatalog catalog, WorkspaceBibliography bibliography, IReadOnlyList<TypingCase> cases, TextWriter? caseLog, string label)
    {
        var resolver = PaperLsp.Features.Papers.WriterKeyResolver.For(catalog);
        foreach (var c in cases.DistinctBy(c => c.BibKey))
        {
            if (catalog.FindByKey(c.BibKey) is not null)
            {
                continue;
            }

            var answer = (c.IndexArxivId is { } id ? catalog.FindByKey(id) : null) ?? (bibliography.Find(c.BibKey) is { } entry ? catalog.FindSamePaper(entry.Paper) : null);
            var resolved = resolver.Resolve(c.BibKey);
            if (caseLog is not null)
            {
                lock (caseLog)
                {
                    caseLog.WriteLine(string.Join('\t', label + " (writer key)", c.Set, c.BibKey, resolved?.CitationKey ?? "-", answer?.CitationKey ?? "(not in the index)", resolved is null ? "unresolved" : resolved.Id == answer?.Id ? "right" : "wrong"));
                }
            }

            yield return (c.Set, answer is not null, resolved is not null, resolved is not null && resolved.Id == answer?.Id);
        }
    }

    private static string Short(string set) => set.Split('-')[0];

    private static string Join(double[] values) => string.Join(' ', values.Select(v => v.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));
}
