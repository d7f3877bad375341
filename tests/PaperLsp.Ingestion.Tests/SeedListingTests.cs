using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport;

namespace PaperLsp.Ingestion.Tests;

public sealed class SeedListingTests
{
    [SkippableTheory]
    [InlineData("000_58568a9fab4877fd.txt", 40)]
    [InlineData("001_a010596c54314e1e.txt", 40)]
    [InlineData("002_c9d3de2e1d994b50.txt", 64)]
    [InlineData("003_179421400ac29f7f.txt", 59)]
    [InlineData("004_132915fad9c4c8e1.txt", 83)]
    public void Seed_files_parse_into_titled_papers_with_abstracts(string file, int expected)
    {
        var path = SharedData.RequireOrSkip("corpus/seeds/" + file);
        var (papers, problems) = Reading.ReadAll(path);
        Assert.Empty(problems);
        Assert.Equal(expected, papers.Count);
        Assert.All(papers, p => Assert.InRange(p.Title.Length, 5, 250));
        Assert.All(papers, p => Assert.True(p.Abstract.Length > 150, $"abstract of '{p.Title}' is short: {p.Abstract}"));
        Assert.All(papers, p => Assert.DoesNotContain('\n', p.Abstract));
    }

    [SkippableFact]
    public void All_seed_files_deduplicate_to_the_unique_papers()
    {
        var folder = SharedData.RequireOrSkip("corpus/seeds");
        var records = new List<Paper>();
        foreach (var file in Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal))
        {
            records.AddRange(Reading.ReadAll(file).Papers);
        }

        var unique = PaperDeduplicator.Deduplicate(records);
        Assert.Equal(286, records.Count);
        // 218 distinct raw titles; "H$_2$O: Heavy-Hitter…" and "H_2O: Heavy-Hitter…" are the same paper.
        Assert.Equal(218, records.Select(r => r.RawTitle ?? r.Title).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(217, unique.Count);
        var h2o = Assert.Single(unique, p => p.Title.Contains("Heavy-Hitter Oracle", StringComparison.Ordinal));
        Assert.Equal("H2O: Heavy-Hitter Oracle for Efficient Generative Inference of Large Language Models", h2o.Title);
        Assert.Equal(12, h2o.AuthorCount);
        Assert.Equal(2023, h2o.Year);
    }

    [SkippableFact]
    public void Meta_lines_give_author_count_date_and_upvotes()
    {
        var path = SharedData.RequireOrSkip("corpus/seeds/000_58568a9fab4877fd.txt");
        var papers = Reading.ReadAll(path).Papers;
        var first = papers[0];
        Assert.Equal("Revisiting the Last-Iterate Convergence of Stochastic Gradient Methods", first.Title);
        Assert.StartsWith("In the past several years, the last-iterate convergence", first.Abstract, StringComparison.Ordinal);
        Assert.Equal(2, first.AuthorCount);
        Assert.Equal("2023-12-13", first.Date);
        Assert.Equal(2023, first.Year);
        Assert.Null(first.Upvotes);
        Assert.Equal(13, first.Source.Line);
        var humanEval = Assert.Single(papers, p => p.Title.StartsWith("HumanEval Pro", StringComparison.Ordinal));
        Assert.Equal(3, humanEval.Upvotes);
        Assert.Equal("2024-12-30", humanEval.Date);
        var organisation = Assert.Single(papers, p => p.Title.StartsWith("Boundary-Guided Policy Optimization", StringComparison.Ordinal));
        Assert.Null(organisation.AuthorCount);
        Assert.Equal(2, organisation.Upvotes);
        Assert.Equal("2025-10-13", organisation.Date);
    }

    [SkippableFact]
    public void Bare_entity_remnants_in_seeds_become_dashes()
    {
        var path = SharedData.RequireOrSkip("corpus/seeds/000_58568a9fab4877fd.txt");
        var paper = Assert.Single(Reading.ReadAll(path).Papers, p => p.Abstract.Contains("components–such", StringComparison.Ordinal));
        Assert.NotNull(paper.RawAbstract);
        Assert.Contains("componentsx2013such", paper.RawAbstract, StringComparison.Ordinal);
    }

    [Fact]
    public void Listing_without_meta_lines_pairs_titles_and_abstracts()
    {
        var text = "new\n\nSubscribe\n\nby AK and the research community\n\nFirst Title\n\nFirst abstract line one\nline two.\n\nSecond: Title\n\nSecond abstract.\n";
        var (papers, problems) = Reading.ReadText(text, SourceFormat.ListingText);
        Assert.Empty(problems);
        Assert.Collection(
            papers,
            p => { Assert.Equal("First Title", p.Title); Assert.Equal("First abstract line one line two.", p.Abstract); Assert.Equal(7, p.Source.Line); },
            p => { Assert.Equal("Second: Title", p.Title); Assert.Equal("Second abstract.", p.Abstract); });
    }
}
