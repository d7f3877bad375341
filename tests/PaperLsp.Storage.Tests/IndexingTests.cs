namespace PaperLsp.Storage.Tests;

public sealed class IndexingTests
{
    [Fact]
    public void Same_paper_from_several_sources_becomes_one_record_that_remembers_them()
    {
        using var t = new TempIndex();
        t.Write("a.papers",
            "2312.17653v2||Attention Is All You Need|2017|Ashish Vaswani;Noam Shazeer|short",
            "|10.1000/XYZ|Deep Residual Learning|2016|Kaiming He|");
        t.Write("b.papers",
            "2312.17653||attention is ALL you need!|2017|Ashish Vaswani|a much longer abstract about transformers",
            "|10.1000/xyz|Residual Nets (journal version)|2016|Kaiming He|resnet abstract",
            "||Deep residual learning.|2016||");
        using var store = t.Open();
        var report = t.Index(store);

        Assert.Equal(2, store.Count());
        Assert.Equal(2, report.PapersAdded);
        var attention = store.GetByKey("arXiv:2312.17653v2");
        Assert.NotNull(attention);
        Assert.Equal("a much longer abstract about transformers", attention.Paper.Abstract);
        Assert.Equal(2, store.SourcesOf(attention.Id).Count);
        var resnet = store.GetByKey("doi:10.1000/xyz");
        Assert.NotNull(resnet);
        Assert.Equal(2, store.SourcesOf(resnet.Id).Count); // two records of b.papers merge into one link
    }

    [Fact]
    public void Papers_with_different_arxiv_ids_stay_distinct_even_when_their_titles_normalise_alike()
    {
        using var t = new TempIndex();
        t.Write("a.papers",
            "2401.00110||A study 1-110|2024|Ann Author|",
            "2401.01110||A study 11-10|2024|Ann Author|",
            "||A study 11-10.|2024|Ann Author|with an abstract");
        using var store = t.Open();
        t.Index(store);
        Assert.Equal(2, store.Count());
        Assert.NotNull(store.GetByKey("2401.00110"));
        Assert.NotNull(store.GetByKey("2401.01110"));
    }

    [Fact]
    public void Keys_are_stable_across_reindexing_and_fresh_databases()
    {
        using var t = new TempIndex();
        t.Write("x.papers",
            "1111.0001||Scaling Laws for Language Models|2020|Jared Kaplan|",
            "1111.0002||Scaling Laws for Neural Language Models|2020|Jared Kaplan|",
            "1111.0003||Scaling Laws Revisited|2020|Jared Kaplan|");
        t.Write("sub/y.papers", "1111.0004||Scaling Down|2020|Jared Kaplan|");
        Dictionary<string, string> Keys(PaperStore s) => s.AllPapers().ToDictionary(p => p.Paper.ArxivId!, p => p.CitationKey);

        Dictionary<string, string> first;
        using (var store = t.Open())
        {
            t.Index(store);
            first = Keys(store);
            var again = t.Index(store);
            Assert.Equal(2, again.SourcesUnchanged);
            Assert.Equal(0, again.SourcesIndexed);
            Assert.Equal(first, Keys(store));
        }

        Assert.Equal(4, first.Values.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        File.Delete(t.DbPath);
        using var fresh = t.Open();
        t.Index(fresh);
        Assert.Equal(first, Keys(fresh));
    }

    [Fact]
    public void A_key_from_a_bib_file_wins_over_a_generated_key()
    {
        using var t = new TempIndex();
        var listing = t.Write("a.papers", "2401.00001||Chain of Thought Prompting|2022|Jason Wei|");
        using var store = t.Open();
        t.Index(store);
        var generated = store.GetByKey("2401.00001")!.CitationKey;
        Assert.NotEqual("WeiCoT22", generated, StringComparer.Ordinal);

        t.Write("refs.papers", "2401.00001||Chain-of-Thought Prompting||Jason Wei||WeiCoT22");
        t.Index(store);
        var paper = store.GetByKey("WeiCoT22");
        Assert.NotNull(paper);
        Assert.Equal("2401.00001", paper.Paper.ArxivId);
        Assert.Equal(1, store.Count());
        Assert.Null(store.GetByKey(generated));
        Assert.True(File.Exists(listing));
    }

    [Fact]
    public void Changed_and_vanished_sources_update_the_index()
    {
        using var t = new TempIndex();
        var a = t.Write("a.papers", "1|doi/1|Only In A|2020|Ann|abstract a", "2|doi/2|Shared Paper|2020|Bob|from a");
        t.Write("b.papers", "2|doi/2|Shared Paper|2020|Bob|from b, longer abstract");
        using var store = t.Open();
        t.Index(store);
        Assert.Equal(2, store.Count());
        var keyShared = store.GetByKey("2001.00002")!.CitationKey;

        t.Write("a.papers", "1|doi/1|Only In A (revised)|2020|Ann|abstract a2", "2|doi/2|Shared Paper|2020|Bob|from a");
        var changed = t.Index(store);
        Assert.Equal(1, changed.SourcesIndexed);
        Assert.Equal(1, changed.SourcesUnchanged);
        Assert.Equal("abstract a2", store.GetByKey("2001.00001")!.Paper.Abstract);

        File.Delete(a);
        var removed = t.Index(store);
        Assert.Equal(1, removed.SourcesRemoved);
        Assert.Equal(1, removed.PapersRemoved);
        Assert.Null(store.GetByKey("2001.00001"));
        var shared = store.GetByKey("2001.00002");
        Assert.NotNull(shared);
        Assert.Equal(keyShared, shared.CitationKey);
        Assert.Equal("from b, longer abstract", shared.Paper.Abstract);
        Assert.Single(store.SourcesOf(shared.Id));
        Assert.Empty(store.SearchLexical("revised", 10));
    }

    [Fact]
    public void Removing_the_contributing_source_re_merges_from_the_remaining_ones()
    {
        using var t = new TempIndex();
        var a = t.Write("a.papers", "7|doi/7|Merged Paper|2020|Ann|the long abstract only a has");
        t.Write("b.papers", "7|doi/7|Merged Paper|2020|Ann|short");
        using var store = t.Open();
        t.Index(store);
        Assert.Equal("the long abstract only a has", store.GetByKey("2001.00007")!.Paper.Abstract);
        File.Delete(a);
        t.Index(store);
        Assert.Equal("short", store.GetByKey("2001.00007")!.Paper.Abstract);
        Assert.Empty(store.SearchLexical("only", 5));
    }

    [Fact]
    public void Sources_outside_the_given_roots_are_kept()
    {
        using var t = new TempIndex();
        var a = t.Write("one/a.papers", "1|doi/1|Paper One|2020|Ann|");
        var b = t.Write("two/b.papers", "2|doi/2|Paper Two|2020|Bob|");
        using var store = t.Open();
        t.Index(store, Path.GetDirectoryName(a)!, Path.GetDirectoryName(b)!);
        var report = t.Index(store, Path.GetDirectoryName(a)!);
        Assert.Equal(0, report.SourcesRemoved);
        Assert.Equal(2, store.Count());
    }

    [Fact]
    public void Bad_records_and_failing_files_are_reported_and_skipped()
    {
        using var t = new TempIndex();
        var bad = t.Write("a.papers", "1|doi/1|Good One|2020|Ann|", "!!! broken", "3|doi/3|Good Three|2020|Cy|");
        var throwing = t.Write("b.papers", "THROW");
        t.Write("c.papers", "4|doi/4|Good Four|2020|Dee|");
        using var store = t.Open();
        var missing = Path.Combine(t.Root, "nope");
        var report = new PaperIndexer(store, new LineFormatReader()).Index([t.Corpus, missing]);

        Assert.Equal(3, store.Count());
        Assert.Equal(1, report.SourcesFailed);
        Assert.Contains(report.Problems, p => p.Path == bad && p.Line == 2);
        Assert.Contains(report.Problems, p => p.Path == throwing && p.Message.Contains("simulated", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Path == missing);
        Assert.Equal(3, report.ProblemCount);
    }

    [Fact]
    public void A_failing_source_keeps_its_previously_indexed_papers()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|doi/1|Stays Here|2020|Ann|");
        using var store = t.Open();
        t.Index(store);
        t.Write("a.papers", "1|doi/1|Half Written|2020|Ann|", "THROW");
        var report = t.Index(store);
        Assert.Equal(1, report.SourcesFailed);
        Assert.Equal("Stays Here", store.GetByKey("2001.00001")!.Paper.Title);
    }

    [Fact]
    public void Progress_reports_every_source()
    {
        using var t = new TempIndex();
        t.Write("a.papers", "1|doi/1|P1|2020|Ann|");
        t.Write("b.papers", "2|doi/2|P2|2020|Ann|");
        using var store = t.Open();
        var seen = new List<IndexProgress>();
        new PaperIndexer(store, new LineFormatReader()).Index([t.Corpus], seen.Add);
        Assert.Contains(seen, p => p.CurrentPath?.EndsWith("a.papers", StringComparison.Ordinal) == true);
        Assert.Equal(new IndexProgress(null, 2, 2, 2), seen[^1]);
    }
}
