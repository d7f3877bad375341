using System.CommandLine;
using System.Diagnostics;
using PaperLsp.Cli.Catalog;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Completion;
using PaperLsp.Retrieval.Evaluation;
using PaperLsp.Retrieval;

namespace PaperLsp.Cli.Retrieval;

/// <summary>
/// <c>paperlsp eval --queries FILE.tsv --latex DIR</c>: hit@1, hit@10 and MRR@10 of BM25 alone, vectors alone and the
/// hybrid ranking (and, for LaTeX papers, hybrid with the workspace .bib boost), all in the same run on the same index.
/// </summary>
internal static class EvalCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var queries = new Option<string[]>("--queries") { Description = "TSV files of 'context<TAB>expected title'.", AllowMultipleArgumentsPerToken = true };
        var latex = new Option<string[]>("--latex") { Description = "LaTeX paper folders (with citation_overlap.json and src/), or a folder of them.", AllowMultipleArgumentsPerToken = true };
        var quantized = new Option<bool>("--int8") { Description = "Use the compact vectors (int8 codes, sign-bit candidates) even on a small index; from 50,000 vectors on they are used anyway, as the server does." };
        var weightsOption = new Option<string?>("--weights") { Description = "Hybrid weights to try instead of the defaults, e.g. 'lexical=1,vector=0.2,rerank=0.5,typed=2,vectorupto=50000'; more sets separated by ';' add hybrid rows (the first set drives --typing, --recall, --related)." };
        var dump = new Option<string?>("--dump-queries") { Description = "Also write every query (set, origin, text, answers) to this TSV file." };
        var typing = new Option<bool>("--typing") { Description = "Replay each citation of the --latex papers through completion as a writer types it (with and without the paper's .bib), beside a texlab-like baseline." };
        var completionWeights = new Option<string?>("--completion-weights") { Description = "Completion weights to try, e.g. 'bib=1,cited=0.3;bib=2' (sets separated by ';'; empty = defaults)." };
        var tune = new Option<string?>("--tune") { Description = $"LaTeX papers used to choose weights (reported apart from the others); default {DefaultTuneSets}." };
        var typingOnly = new Option<bool>("--typing-only") { Description = "With --typing: leave out the retrieval table (only the typing replay is run)." };
        var typingCases = new Option<string?>("--typing-cases") { Description = "With --typing: also write each case (weights, origin, key, ranks after 0/1/2/3 characters, keystrokes, keys left in the command, top 3 offered after 0, 1 and 2 characters, the keys above the expected one after 1 and 2 characters tagged b .bib / i index only / c cited before / p prefix) to this TSV file." };
        var recall = new Option<bool>("--recall") { Description = "Also report what the vector ranking's top 10/100 finds that BM25's top 100 misses, and hit@10 of BM25, vector and fused on each subset." };
        var related = new Option<bool>("--related") { Description = "Also measure the related-paper list (hover, cite related) against co-citation in the --latex papers (papers cited in the same paragraph)." };
        var retrievalCases = new Option<string?>("--retrieval-cases") { Description = "Also write each retrieval query (set, half, origin, rank of the answer in the top 100 of BM25, vector and hybrid, hybrid's top 3, the text) to this TSV file." };
        var typingSameKey = new Option<bool>("--typing-same-key") { Description = "With --typing: count only the exact key of the paper's .tex as right (by default another .bib key of the same paper counts too: it cites the same paper)." };
        var typingNotInIndex = new Option<bool>("--typing-not-in-index") { Description = "With --typing: replay the .bib keys that citation_overlap.json does not match to the corpus instead of the matched ones (the writer's citations of papers the index lacks; without the .bib they cannot be found)." };
        var command = new Command("eval", "Measure retrieval quality (BM25 vs vector vs hybrid) on query sets, and completion as a writer types.") { queries, latex, quantized, dump, weightsOption, typing, completionWeights, tune, recall, related, typingCases, typingOnly, retrievalCases, typingSameKey, typingNotInIndex };
        IndexAndModelAction.Set(command, indexOption, modelRequired: false, (parse, context, store, model) =>
        {
            List<(string Label, RetrievalWeights Weights)> weightSets;
            List<(string Label, CompletionWeights Weights)> completionSets;
            try
            {
                // parsed before any work, so a mistyped weight is one line, not a stack trace after minutes of evaluation
                weightSets = (parse.GetValue(weightsOption) ?? "").Split(';', StringSplitOptions.TrimEntries)
                    .Select(text => (text.Length == 0 ? "hybrid" : "hybrid " + text, RetrievalWeights.Parse(text))).ToList();
                completionSets = (parse.GetValue(completionWeights) ?? "").Split(';', StringSplitOptions.TrimEntries)
                    .Select(text => (text.Length == 0 ? "defaults" : text, CompletionWeights.Parse(text))).ToList();
            }
            catch (FormatException ex)
            {
                context.Error.WriteLine($"error: {ex.Message}");
                return ExitCodes.UsageOrNotFound;
            }

            var sets = new List<(string Name, IReadOnlyList<EvaluationQuery> Queries, IReadOnlyList<string> Bibs)>();
            foreach (var file in parse.GetValue(queries) ?? [])
            {
                sets.Add((Path.GetFileName(file), EvaluationSets.LoadTsv(file), []));
            }

            var latexQueries = new List<EvaluationQuery>();
            var bibsBySet = new Dictionary<string, IReadOnlyList<string>>();
            foreach (var folder in ExpandLatexFolders(parse.GetValue(latex) ?? []))
            {
                var (q, bibs) = EvaluationSets.LoadLatexPaper(folder);
                latexQueries.AddRange(q);
                bibsBySet[Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))] = bibs;
            }

            if (latexQueries.Count > 0)
            {
                sets.Add(("latex citing sentences", latexQueries, bibsBySet.Values.SelectMany(b => b).ToList()));
            }

            if (parse.GetValue(dump) is { } dumpPath)
            {
                File.WriteAllLines(dumpPath, sets.SelectMany(s => s.Queries).Select(q =>
                    string.Join('\t', q.Set, q.Origin, q.Text.Replace('\t', ' '), string.Join(' ', q.AnswerArxivIds), string.Join('|', q.AnswerTitleKeys))));
            }

            if (sets.Count == 0)
            {
                context.Error.WriteLine("error: give --queries and/or --latex");
                return ExitCodes.UsageOrNotFound;
            }

            // BM25 from the mapped postings file beside the index, as the server answers on a large index (same ranking
            // as FTS5, a fraction of its time per query): written once if missing.
            var postings = store.Count() >= HybridPaperCatalog.InMemoryLexicalFrom ? LexicalIndexing.Immediate : LexicalIndexing.None;
            var lexical = new HybridPaperCatalog(store, null, RetrievalWeights.LexicalOnly, lexical: postings);
            var hybrid = model is null ? null : new HybridPaperCatalog(store, model, weightSets[0].Weights, Quantized(parse.GetValue(quantized)), postings).WithVectorsLoaded();
            var vectorOnly = model is null ? null : new HybridPaperCatalog(store, model, RetrievalWeights.VectorOnly, Quantized(parse.GetValue(quantized)), postings).WithVectorsLoaded();
            if (hybrid is not null && !hybrid.HasVectors)
            {
                context.Error.WriteLine("note: the index has no vectors for this model yet (run `paperlsp embed`); vector rows are skipped");
                hybrid = vectorOnly = null;
            }

            context.Output.WriteLine($"index: {store.Count():N0} papers; vectors: {(hybrid?.VectorCount ?? 0):N0} ({model?.Info.Id ?? "no model"})");
            context.Output.WriteLine($"{"set",-26} {"ranking",-22} {"n",5} {"hit@1",7} {"hit@10",7} {"MRR@10",7} {"ms/query",9}");
            var tuneSets = new HashSet<string>((parse.GetValue(tune) ?? DefaultTuneSets).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
            var rankings = new List<(string Name, IPaperCatalog Catalog)> { ("BM25 (FTS5)", lexical) };
            if (vectorOnly is not null)
            {
                rankings.Add(("vector", vectorOnly));
            }

            if (hybrid is not null)
            {
                rankings.Add((weightSets.Count == 1 ? "hybrid" : weightSets[0].Label, hybrid));
                foreach (var (label, w) in weightSets.Skip(1))
                {
                    rankings.Add((label, new HybridPaperCatalog(store, model, w, Quantized(parse.GetValue(quantized)), postings).WithVectorsLoaded()));
                }
            }

            foreach (var (name, setQueries, _) in parse.GetValue(typingOnly) ? [] : sets)
            {
                // Weights are chosen on one half and reported on the other: each set is also shown split.
                var tuning = setQueries.Where((q, i) => IsTuning(q, i, tuneSets)).ToList();
                var heldOut = setQueries.Where((q, i) => !IsTuning(q, i, tuneSets)).ToList();
                foreach (var (ranking, catalog) in rankings)
                {
                    Report(context.Output, name, ranking, catalog, setQueries);
                    Report(context.Output, "  tuning half", ranking, catalog, tuning);
                    Report(context.Output, "  held-out half", ranking, catalog, heldOut);
                }
            }

            if (parse.GetValue(retrievalCases) is { } retrievalPath)
            {
                using var writer = new StreamWriter(retrievalPath);
                foreach (var (name, setQueries, _) in sets)
                {
                    RetrievalCases.Write(writer, setQueries, (q, i) => IsTuning(q, i, tuneSets), rankings);
                }
            }

            if (parse.GetValue(recall) && hybrid is not null && vectorOnly is not null)
            {
                foreach (var (name, setQueries, _) in sets)
                {
                    RecallReport.Run(context.Output, name, setQueries, lexical, vectorOnly, hybrid);
                }
            }

            if (parse.GetValue(related))
            {
                var lists = new List<(string, Func<string, IReadOnlyList<string?>?>)> { ("lexical (title+abstract BM25)", id => RelatedReport.RelatedIds(lexical, id)) };
                if (hybrid is not null)
                {
                    lists.Add(("model (vector neighbours)", id => RelatedReport.RelatedIds(hybrid, id)));
                    lists.Add(("fused (RRF model+lexical)", id => RelatedReport.Fuse(RelatedReport.RelatedIds(hybrid, id), RelatedReport.RelatedIds(lexical, id))));
                }

                RelatedReport.Run(context.Output, ExpandLatexFolders(parse.GetValue(latex) ?? []).ToList(), lists);
            }

            if (parse.GetValue(typing))
            {
                var folders = ExpandLatexFolders(parse.GetValue(latex) ?? []).ToList();
                var catalog = hybrid ?? lexical;
                using var casesFile = parse.GetValue(typingCases) is { } casesPath ? new StreamWriter(casesPath) : null;
                foreach (var (label, completion) in completionSets)
                {
                    TypingReport.Run(context.Output, catalog, folders, tuneSets, completion, label, casesFile, parse.GetValue(typingSameKey), parse.GetValue(typingNotInIndex));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>--int8 forces the compact vectors; without it the catalog chooses as the server's does (by the vector count).</summary>
    private static bool? Quantized(bool forced) => forced ? true : null;

    private const string DefaultTuneSets = "codescout-code-search-agents,solvability-boundaries-reasoning";

    /// <summary>LaTeX queries tune when their paper is a tuning paper; authored queries by their place in the file.</summary>
    private static bool IsTuning(EvaluationQuery query, int indexInSet, IReadOnlySet<string> tuneSets) =>
        query.Origin.Contains('/', StringComparison.Ordinal) ? tuneSets.Contains(query.Set) : EvaluationSets.IsTuningQuery(indexInSet);

    private static void Report(TextWriter output, string set, string ranking, IPaperCatalog catalog, IReadOnlyList<EvaluationQuery> queries)
    {
        var clock = Stopwatch.StartNew();
        var metrics = EvaluationMetrics.FromRanks(RetrievalEvaluator.Ranks(catalog, queries));
        var ms = clock.Elapsed.TotalMilliseconds / Math.Max(1, queries.Count);
        output.WriteLine($"{set,-26} {ranking,-22} {metrics.Queries,5} {metrics.HitAt1,7:F3} {metrics.HitAt10,7:F3} {metrics.MrrAt10,7:F3} {ms,9:F1}");
    }

    private static IEnumerable<string> ExpandLatexFolders(IEnumerable<string> folders)
    {
        foreach (var folder in folders)
        {
            if (File.Exists(Path.Combine(folder, "citation_overlap.json")))
            {
                yield return folder;
            }
            else if (Directory.Exists(folder))
            {
                foreach (var sub in Directory.GetDirectories(folder).Order(StringComparer.Ordinal).Where(d => File.Exists(Path.Combine(d, "citation_overlap.json"))))
                {
                    yield return sub;
                }
            }
        }
    }
}
