using System.Diagnostics;
using System.Globalization;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Features.Actions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Context;
using PaperLsp.Features.Hover;
using PaperLsp.Retrieval;
using PaperLsp.Features.Text;
using PaperLsp.Storage;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>features --index DB [--model NAME|DIR] [--latex DIR] [--sites N] [--fts-contexts N] [--prepare-typing] [--no-recall]</c>: in-process latency of the editor features on an
/// existing index, without LSP transport: for each citation in the papers under shared/latex (their .bib loaded as the
/// workspace bibliography) completion with an empty key and then with 1..4 typed characters of the real key (a typing
/// session; the first typed character also on a row of its own; with <c>--prepare-typing</c> the server's speculation
/// step <see cref="CitationCompletion.PrepareTyping"/> runs between the empty key and the first character, timed apart), and hover on the real key. Also times the retrieval phases separately (lexical over the context, query
/// embedding, vector top-k, typed-key lookups, paper loads) so a regression points at its phase.
/// </summary>
internal static class FeatureLatencyBenchmark
{
    public static int Run(string[] args)
    {
        var index = BenchArgs.Value(args, "--index");
        var modelName = BenchArgs.Value(args, "--model");
        var latexRoot = BenchArgs.Value(args, "--latex") ?? (SharedPaths.Root() is { } shared ? Path.Combine(shared, "latex") : null);
        var maxSites = int.Parse(BenchArgs.Value(args, "--sites") ?? "40", CultureInfo.InvariantCulture);
        var ftsContexts = int.Parse(BenchArgs.Value(args, "--fts-contexts") ?? "10", CultureInfo.InvariantCulture);
        prepareTyping = BenchArgs.Flag(args, "--prepare-typing");
        if (index is null || !File.Exists(index) || latexRoot is null || !Directory.Exists(latexRoot))
        {
            Console.Error.WriteLine("features: --index must name an existing index and --latex (or ../shared/latex) a folder of LaTeX papers");
            return 1;
        }

        using var store = PaperStore.Open(index, createIfMissing: false);
        OnnxTextEmbedder? model = null;
        if (modelName is not null)
        {
            model = OnnxTextEmbedder.Open(ModelLocator.Resolve(modelName) ?? throw new ArgumentException($"model '{modelName}' not found"), new EmbedderOptions());
        }

        var load = Stopwatch.StartNew();
        var inMemory = !BenchArgs.Flag(args, "--fts");
        using var catalog = new HybridPaperCatalog(store, model, lexical: inMemory ? LexicalIndexing.Immediate : LexicalIndexing.None).WithVectorsLoaded();
        Console.WriteLine($"features: {store.Count():N0} papers, {catalog.VectorCount:N0} vectors, catalog snapshot built in {load.Elapsed.TotalMilliseconds:F0} ms; {Environment.ProcessorCount} cores, load average {EndToEndBenchmark.LoadAverage()}");

        // The phase timings compare FTS5 with postings searched in process. Up to LargeIndex papers a second in-memory
        // index is built for them; above, the memory-mapped postings file the catalog uses is searched, since an
        // in-memory copy takes a minute and hundreds of MiB at 237k papers (and FTS5 seconds per query).
        var build = Stopwatch.StartNew();
        var papers = store.Count();
        ILexicalSearch lexical;
        if (papers <= LargeIndex)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var built = LexicalIndex.Build(store);
            var after = GC.GetTotalMemory(forceFullCollection: true);
            lexical = built;
            Console.WriteLine($"features: a second in-memory lexical index (for the phase timings) built in {build.Elapsed.TotalSeconds:F1} s: {built.TermCount:N0} terms, {built.PostingCount:N0} postings, {(after - before) / 1048576.0:F0} MiB managed; completion/hover use {(inMemory ? "the catalog's memory-mapped postings file" : "FTS5 (--fts)")}");
        }
        else
        {
            lexical = MappedLexicalIndex.OpenIfCurrent(store) ?? (ILexicalSearch)LexicalIndex.Build(store); // the catalog above wrote the file
            Console.WriteLine($"features: {papers:N0} papers: the phase timings search the memory-mapped postings file (opened in {build.Elapsed.TotalMilliseconds:F0} ms); FTS5 is timed on the first {ftsContexts} contexts only (seconds per query at this size)");
        }

        using var lexicalOwner = lexical;
        var recorder = new LatencyRecorder();
        var warmup = Stopwatch.StartNew();
        catalog.Search(new PaperQuery("warm-up query about language models", "a"), CancellationToken.None);
        Console.WriteLine($"features: first query (JIT, tokenizer, caches) {warmup.Elapsed.TotalMilliseconds:F0} ms; not counted below");
        var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        foreach (var paperDirectory in Directory.GetDirectories(latexRoot).Order(StringComparer.Ordinal))
        {
            var tex = Directory.GetFiles(paperDirectory, "*.tex", SearchOption.AllDirectories)
                .OrderByDescending(f => new FileInfo(f).Length).FirstOrDefault();
            if (tex is null)
            {
                continue;
            }

            var bibliography = new WorkspaceBibliography();
            foreach (var bib in Directory.GetFiles(paperDirectory, "*.bib", SearchOption.AllDirectories))
            {
                bibliography.Update(bib, File.ReadAllText(bib));
            }

            RunPaper(File.ReadAllText(tex), catalog, bibliography, model, store, lexical, maxSites, papers <= LargeIndex ? int.MaxValue : ftsContexts, recorder);
        }

        recorder.Print(Console.Out);
        PrintAllocations(Console.Out, gen0, gen1, gen2, paused);
        if (model is not null && !BenchArgs.Flag(args, "--no-recall"))
        {
            RelatedRecall(store, model);
        }



        model?.Dispose();
        return 0;
    }

    /// <summary>From this many papers on, the phases use the postings file and time FTS5 on a few contexts only.</summary>
    private const int LargeIndex = 50_000;

    private static int ftsTimed;

    private static bool prepareTyping;

    private static void RunPaper(string text, HybridPaperCatalog catalog, WorkspaceBibliography bibliography, IEmbeddingModel? model, PaperStore store, ILexicalSearch lexical, int maxSites, int ftsContexts, LatencyRecorder recorder)
    {
        var completion = new CitationCompletion(catalog, bibliography);
        var hover = new HoverCardBuilder(catalog, bibliography);
        var actions = new RelatedPaperActions(new TimedCatalog(catalog, recorder, q => q.Limit == 5 ? "  code action: title search (entry fields)" : "  code action: sentence search"), bibliography);
        var sites = CitationScanner.FindAll(text, DocumentLanguage.Latex).Where(c => c.Keys.Count > 0).Take(maxSites).ToList();
        foreach (var command in sites)
        {
            var key = command.Keys[0];
            // The document as it is while the key is being typed: the key's characters removed, the cursor in its slot.
            var without = text[..key.Start] + text[key.End..];
            var context = WritingContextExtractor.Extract(without, command.Start, DocumentLanguage.Latex).Query;
            IReadOnlyList<(long Id, double Score)> fts = [], memory = [];
            Phase(recorder, "phase: lexical(context) postings", () => (memory = lexical.Search(context, RetrievalWeights.Default.CandidatesPerRanking)).Count);
            if (ftsTimed++ < ftsContexts)
            {
                Phase(recorder, "phase: lexical(context) FTS5", () => (fts = store.SearchLexical(context, RetrievalWeights.Default.CandidatesPerRanking)).Count);
                var overlap = fts.Take(10).Select(h => h.Id).Intersect(memory.Take(10).Select(h => h.Id)).Count();
                recorder.Add("agreement: top-10 overlap x10 ms", overlap * 10.0, overlap);
            }
            if (model is not null)
            {
                float[]? vector = null;
                Phase(recorder, "phase: embed(context)", () => (vector = model.Embed([context], EmbeddingRole.Query, CancellationToken.None)[0]).Length);
            }

            for (var typedLength = 0; typedLength <= Math.Min(4, key.Key.Length); typedLength++)
            {
                var typed = key.Key[..typedLength];
                var document = text[..key.Start] + typed + text[key.End..];
                var offset = key.Start + typedLength;
                var name = typedLength == 0 ? "completion (empty key)" : "completion (typing)";
                CompletionResult? result = null;
                var elapsed = Phase(recorder, name, () => (result = completion.Complete(new CompletionRequest(document, offset, DocumentLanguage.Latex), CancellationToken.None)).Items.Count);
                if (typedLength == 1)
                {
                    recorder.Add("completion (first typed char)", elapsed, result!.Items.Count);
                }

                if (typedLength == 0 && prepareTyping)
                {
                    Phase(recorder, "prepare typing (speculation)", () =>
                    {
                        completion.PrepareTyping(new CompletionRequest(document, offset, DocumentLanguage.Latex), CancellationToken.None);
                        return 1;
                    });
                }
                if (typedLength == 0)
                {
                    // The papers a writer would pick from the list: hover them as a card (with related papers) and as
                    // completion documentation (completionItem/resolve).
                    foreach (var item in result!.Items.Where(i => !i.InBibliography).Take(3))
                    {
                        Phase(recorder, "hover (suggested paper)", () => hover.BuildMarkdown(item.Data)?.Length ?? 0);
                        Phase(recorder, "completion resolve", () => completion.Resolve(item.Data)?.Length ?? 0);
                    }
                }
                if (typedLength > 0)
                {
                    Phase(recorder, "phase: key prefix", () => store.KeysWithPrefix(typed, 50).Count);
                    Phase(recorder, "phase: lexical(typed) postings", () => lexical.Search(typed, 50).Count);
                }
            }

            Phase(recorder, "hover", () => hover.BuildMarkdown(key.Key)?.Length ?? 0);
            Phase(recorder, "hover (again)", () => hover.BuildMarkdown(key.Key)?.Length ?? 0);
            Phase(recorder, "phase: GetByKey", () => store.GetByKey(key.Key) is null ? 0 : 1);

            // "Cite related" with the cursor just after this citation (the sentence is the query), first and again,
            // and the retrieval phases of the sentence's query as the code action sends it.
            var actionRequest = new CodeActionRequest("/bench/paper.tex", text, DocumentLanguage.Latex, command.End, command.End);
            var query = "";
            Phase(recorder, "code action (cite related)", () => (query = actions.Compute(actionRequest).Query).Length);
            Phase(recorder, "code action (again)", () => actions.Compute(actionRequest).CiteActions.Count);
            if (query.Length > 0)
            {
                Phase(recorder, "phase: code action lexical(query)", () => lexical.Search(query, RetrievalWeights.Default.CandidatesPerRanking).Count);
                var names = ContextNames.QueryOf(query);
                if (names.Length > 0)
                {
                    Phase(recorder, "phase: code action lexical(names)", () => lexical.Search(names, RetrievalWeights.Default.NamesDepth).Count);
                }

                if (model is not null)
                {
                    Phase(recorder, "phase: code action embed(query)", () => model.Embed([query], EmbeddingRole.Query, CancellationToken.None)[0].Length);
                }
            }
        }
    }

    /// <summary>Recall of the sign-bit candidates (as used for related papers) against the exact float top-10, on real vectors.</summary>
    private static void RelatedRecall(PaperStore store, IEmbeddingModel model)
    {
        var (ids, matrix, dim) = store.LoadVectors(model.Info.Id);
        var exact = PaperLsp.Embeddings.Vectors.VectorIndex.FromOwnedMatrix(matrix, dim);
        var signs = PaperLsp.Embeddings.Vectors.BinaryVectorIndex.FromIndex(exact);
        var random = new Random(7);
        var recorder = new LatencyRecorder();
        foreach (var candidates in new[] { 512, 1024, 2048 })
        {
            double found = 0, total = 0;
            for (var i = 0; i < 200; i++)
            {
                var row = random.Next(ids.Length);
                var query = exact.GetVector(row).ToArray();
                var truth = exact.Search(query, 11).Select(h => h.Row).ToHashSet();
                var clock = Stopwatch.StartNew();
                var approximate = signs.Search(query, 11, candidates);
                recorder.Add($"related top-10, sign bits + {candidates} re-scored", clock.Elapsed.TotalMilliseconds, approximate.Length);
                found += approximate.Count(h => truth.Contains(h.Row));
                total += truth.Count;
            }

            Console.WriteLine($"related: sign-bit candidates {candidates}: recall@11 against the exact float search {found / total:F3} (200 random papers)");
        }

        for (var i = 0; i < 50; i++)
        {
            var query = exact.GetVector(random.Next(ids.Length)).ToArray();
            var clock = Stopwatch.StartNew();
            exact.Search(query, 11);
            recorder.Add("related top-10, exact float scan", clock.Elapsed.TotalMilliseconds, 1);
        }

        recorder.Print(Console.Out);
    }

    /// <summary>Times <paramref name="run"/> under <paramref name="name"/> and notes what it allocated; returns the milliseconds.</summary>
    private static double Phase(LatencyRecorder recorder, string name, Func<int> run)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var count = run();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        recorder.Add(name, elapsed, count);
        if (!Allocations.TryGetValue(name, out var list))
        {
            Allocations[name] = list = [];
        }

        list.Add(allocated);
        return elapsed;
    }

    /// <summary>Bytes allocated per run of each phase (the whole process's, so only phases that run alone are exact).</summary>
    private static readonly Dictionary<string, List<long>> Allocations = new(StringComparer.Ordinal);

    /// <summary>Prints the allocation per run of each phase (median and mean KiB) and the collections of the whole run.</summary>
    private static void PrintAllocations(TextWriter writer, int gen0Before, int gen1Before, int gen2Before, TimeSpan pausedBefore)
    {
        writer.WriteLine($"{"allocated per run",-40} {"n",5} {"p50 KiB",9} {"mean KiB",9} {"max KiB",9}");
        foreach (var (name, values) in Allocations.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var sorted = values.Order().ToList();
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-40} {sorted.Count,5} {sorted[sorted.Count / 2] / 1024.0,9:F0} {sorted.Average() / 1024.0,9:F0} {sorted[^1] / 1024.0,9:F0}"));
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"garbage collections during the runs: {GC.CollectionCount(0) - gen0Before}/{GC.CollectionCount(1) - gen1Before}/{GC.CollectionCount(2) - gen2Before} of generation 0/1/2 (counts include the higher generations), {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:F0} ms paused; GC heap now {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} MiB"));
    }
}
