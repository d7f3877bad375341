using System.Text.RegularExpressions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.TestSupport;

namespace PaperLsp.Features.Tests;

/// <summary>
/// Completion inside a real paper (emnlp2026.tex with its .bib, from shared/latex) over a real index: the papers it cites
/// that the 237k corpus holds, one paper in 400 of the rest, and the corpus paper whose generated key li2025llms is the
/// .bib key of another paper (issue 10). Skipped when shared/ is absent.
/// </summary>
public sealed partial class RealPaperCompletionTests(RealPaperCompletionTests.Index index) : IClassFixture<RealPaperCompletionTests.Index>
{
    public sealed class Index : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "paperlsp-realpaper-" + Guid.NewGuid().ToString("N"));

        public Index()
        {
            if (SharedData.Directory is not { } shared || !File.Exists(Path.Combine(shared, "corpus", "papers-237k.jsonl.gz")))
            {
                return;
            }

            Directory.CreateDirectory(directory);
            using var overlap = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(shared, "latex", "evolution-momentum-inference-scaling", "citation_overlap.json")));
            var wanted = overlap.RootElement.GetProperty("citations").EnumerateArray()
                .Select(c => c.TryGetProperty("corpus_id", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString() : null)
                .OfType<string>().Append("2506.10022").Select(id => "\"arxiv_id\": \"" + id + "\"").ToList();
            var corpus = Path.Combine(directory, "papers.jsonl");
            using (var input = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(shared, "corpus", "papers-237k.jsonl.gz")), System.IO.Compression.CompressionMode.Decompress)))
            using (var output = new StreamWriter(corpus))
            {
                var n = 0;
                while (input.ReadLine() is { } line)
                {
                    if (n++ % 400 == 0 || wanted.Any(w => line.Contains(w, StringComparison.Ordinal)))
                    {
                        output.WriteLine(line);
                    }
                }
            }

            Store = PaperLsp.Storage.PaperStore.Open(Path.Combine(directory, "index.db"));
            new PaperLsp.Storage.PaperIndexer(Store).Index([corpus]);
            Catalog = new PaperLsp.Retrieval.HybridPaperCatalog(Store, null);
        }

        public PaperLsp.Storage.PaperStore? Store { get; }

        public PaperLsp.Retrieval.HybridPaperCatalog? Catalog { get; }

        public void Dispose()
        {
            Catalog?.Dispose();
            Store?.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private PaperLsp.Features.Catalog.IPaperCatalog Catalog()
    {
        Skip.If(index.Catalog is null, "shared/corpus/papers-237k.jsonl.gz is absent");
        return index.Catalog!;
    }

    private (string Text, WorkspaceBibliography Bibliography) Paper()
    {
        var folder = SharedData.RequireOrSkip(Path.Combine("latex", "evolution-momentum-inference-scaling", "src"));
        var bibliography = new WorkspaceBibliography();
        var bib = Path.Combine(folder, "emnlp2026.bib");
        bibliography.Update(bib, File.ReadAllText(bib));
        return (File.ReadAllText(Path.Combine(folder, "emnlp2026.tex")), bibliography);
    }

    [SkippableFact]
    public void UnrelatedSentencesDoNotShareTheirTopThreeAndFindTheirKeys()
    {
        var (text, bibliography) = Paper();
        var completion = new CitationCompletion(Catalog(), bibliography);
        var cites = CitePattern().Matches(text).Where(m => !Commented(text, m.Index)).ToList();
        var chosen = cites.Where((_, i) => i % 5 == 0).Take(10).ToList();
        var tops = new List<string[]>();
        var found = 0;
        foreach (var cite in chosen)
        {
            var keys = cite.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var start = cite.Groups[1].Index;
            var document = text[..start] + text[(start + cite.Groups[1].Length)..];
            var result = completion.Complete(new CompletionRequest(document, start, DocumentLanguage.Latex));
            var labels = result.Items.Select(i => i.Label).ToList();
            tops.Add(labels.Take(3).ToArray());
            found += keys.Any(k => labels.Take(5).Contains(k)) ? 1 : 0;
        }

        Assert.Equal(10, tops.Count);
        var mostShared = tops.SelectMany(t => t).GroupBy(k => k).Max(g => g.Count());
        Assert.True(mostShared < 5, $"one key is in the top 3 of {mostShared} of 10 unrelated sentences: {string.Join(" | ", tops.Select(t => string.Join(",", t)))}");
        Assert.Equal(10, tops.Select(t => string.Join(",", t)).Distinct().Count());
        Assert.True(found >= 4, $"the cited key was in the top 5 for only {found} of 10 sentences");
    }

    [SkippableTheory]
    [InlineData("LLMs remain vulnerable to jailbreak attacks that wrap malware requests in innocent prompts~\\citep{$0}.", "li2025llmscaught", "not in your .bib", 5)]
    [InlineData("Distilling long chains of thought shows that LLMs can easily learn to reason from the structure of demonstrations~\\citep{$0}.", "li2025llms", "in your .bib as li2025llms", 1)]
    [InlineData("AlphaEvolve~\\citep{$0} evolves code with an LLM ensemble.", "novikov2025alphaevolve", "in your .bib as novikov2025alphaevolve", 1)]
    [InlineData("Self-evolving agents are surveyed in~\\citep{$0}, on the path to artificial super intelligence.", "gao2025survey", "in your .bib as gao2025survey", 1)]
    public void TheSentenceDecidesAndKeysFollowIdentity(string marked, string expected, string detailContains, int within)
    {
        var (_, bibliography) = Paper();
        var snippet = MarkedText.Parse(marked);
        var result = new CitationCompletion(Catalog(), bibliography).Complete(new CompletionRequest(snippet.Text, snippet.Cursor, DocumentLanguage.Latex));
        var top = string.Join(" | ", result.Items.Take(within + 2).Select(i => i.Label + ": " + i.Detail));
        var item = result.Items.Take(within).FirstOrDefault(i => i.Label == expected);
        Assert.True(item is not null, top);
        Assert.Contains(detailContains, item.Detail, StringComparison.Ordinal);
        Assert.All(result.Items.Where(i => i.Label == "li2025llms"), i => Assert.StartsWith("LLMs Can Easily Learn", i.Detail, StringComparison.Ordinal)); // the index's li2025llms is another paper
    }

    private static bool Commented(string text, int at)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        return Regex.IsMatch(text[lineStart..at], @"(?<!\\)%");
    }

    [GeneratedRegex(@"\\cite[pt]?\{([^}]*)\}")]
    private static partial Regex CitePattern();
}
