using PaperLsp.Ingestion;
using PaperLsp.Ingestion.Identity;
using PaperLsp.TestSupport;

namespace PaperLsp.Storage.Tests;

/// <summary>The embedded sample corpus (the five seed listings in samples/corpus) plus a workspace .bib, through the real parsers.</summary>
public sealed class SeedCorpusTests
{
    private const string Bib = """
        @inproceedings{liu2023lastiterate,
          title = {Revisiting the Last-Iterate Convergence of Stochastic Gradient Methods},
          author = {Liu, Zijian and Zhou, Zhengyuan},
          booktitle = {ICLR},
          year = {2024}
        }

        @article{knuth1984literate,
          title = {Literate Programming},
          author = {Knuth, Donald E.},
          journal = {The Computer Journal},
          year = {1984},
          doi = {10.1093/comjnl/27.2.97}
        }
        """;

    private static string SeedFolder()
    {
        var folder = Path.Combine(SharedData.RepoRoot, "samples", "corpus");
        Assert.True(Directory.Exists(folder), "samples/corpus is part of the repository");
        return folder;
    }

    /// <summary>Papers expected after dedupe: records joined when they share any identity key (union-find).</summary>
    private static int ExpectedDistinctPapers(IEnumerable<string> files)
    {
        var parent = new Dictionary<string, string>();
        string Find(string x)
        {
            while (parent[x] != x)
            {
                x = parent[x] = parent[parent[x]];
            }

            return x;
        }

        foreach (var file in files)
        {
            foreach (var paper in SourceReader.Read(file, _ => { }))
            {
                var keys = PaperIdentity.Keys(paper);
                foreach (var k in keys)
                {
                    parent.TryAdd(k, k);
                }

                for (var i = 1; i < keys.Count; i++)
                {
                    parent[Find(keys[i])] = Find(keys[0]);
                }
            }
        }

        return parent.Keys.Select(Find).Distinct().Count();
    }

    [Fact]
    public void Seeds_and_a_bib_dedupe_into_one_record_per_paper_with_stable_keys()
    {
        using var t = new TempIndex();
        foreach (var seed in Directory.GetFiles(SeedFolder(), "*.txt"))
        {
            File.Copy(seed, Path.Combine(t.Corpus, Path.GetFileName(seed)));
        }

        File.WriteAllText(Path.Combine(t.Corpus, "refs.bib"), Bib);
        var files = Directory.GetFiles(t.Corpus).Order(StringComparer.Ordinal).ToList();
        var expected = ExpectedDistinctPapers(files);

        Dictionary<string, string> keysByTitle;
        IndexReport report;
        using (var store = t.Open())
        {
            report = new PaperIndexer(store).Index([t.Corpus]);
            Assert.Equal(0, report.ProblemCount);
            Assert.Equal(6, report.SourcesIndexed);
            Assert.Equal(expected, store.Count());
            Assert.InRange(store.Count(), 210, 225); // ~218 unique seed papers + 1 bib-only entry
            Assert.True(report.RecordsRead > store.Count() + 50, "the seed listings repeat papers");

            var lastIterate = store.GetByKey("liu2023lastiterate");
            Assert.NotNull(lastIterate);
            Assert.Equal("Revisiting the Last-Iterate Convergence of Stochastic Gradient Methods", lastIterate.Paper.Title);
            Assert.Contains(store.SourcesOf(lastIterate.Id), s => s.Path.EndsWith("refs.bib", StringComparison.Ordinal));
            Assert.Contains(store.SourcesOf(lastIterate.Id), s => s.Path.EndsWith(".txt", StringComparison.Ordinal));
            Assert.Contains("Stochastic Gradient Descent", lastIterate.Paper.Abstract, StringComparison.Ordinal);
            Assert.NotNull(store.GetByKey("knuth1984literate"));
            Assert.Equal(lastIterate.Id, store.SearchLexical("last iterate convergence stochastic gradient", 1)[0].Id);

            keysByTitle = store.AllPapers().ToDictionary(p => PaperIdentity.TitleKey(p.Paper.Title), p => p.CitationKey);
            Assert.Equal(keysByTitle.Count, keysByTitle.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            var again = new PaperIndexer(store).Index([t.Corpus]);
            Assert.Equal(6, again.SourcesUnchanged);
        }

        File.Delete(t.DbPath);
        using var fresh = t.Open();
        new PaperIndexer(fresh).Index([t.Corpus]);
        Assert.Equal(keysByTitle, fresh.AllPapers().ToDictionary(p => PaperIdentity.TitleKey(p.Paper.Title), p => p.CitationKey));
    }

    [Fact]
    public void Exported_bibtex_of_the_seeds_has_one_entry_per_paper()
    {
        using var t = new TempIndex();
        using var store = t.Open();
        new PaperIndexer(store).Index([SeedFolder()]);
        var entries = store.AllPapers().Select(BibtexExport.Format).ToList();
        Assert.Equal(store.Count(), entries.Count);
        Assert.All(entries, e => Assert.StartsWith("@", e, StringComparison.Ordinal));
        Assert.Equal(entries.Count, entries.Select(e => e[..e.IndexOf(',', StringComparison.Ordinal)]).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
