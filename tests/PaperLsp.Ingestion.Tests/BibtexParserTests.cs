using PaperLsp.Ingestion.Bibtex;

namespace PaperLsp.Ingestion.Tests;

public sealed class BibtexParserTests
{
    private const string Sample = """
        % A comment line with an e-mail: someone@example.org
        @string{ neurips = "Advances in Neural Information Processing Systems" }
        @String(acl = {Proceedings of the } # "ACL")
        @preamble{ "\newcommand{\noopsort}[1]{}" }
        @comment{ @article{commented, title={Not an entry}} }

        @inproceedings{vaswani2017attention,
          title     = {Attention Is {All} You Need},
          author    = {Vaswani, Ashish and Shazeer, Noam and others},
          booktitle = neurips # { 30},
          year      = 2017,
          month     = dec,
        }

        @Article ( Goedel1931,
          Title = "{\"U}ber formal unentscheidbare S{\"a}tze",
          Author = "Kurt G\"{o}del",
          Journal = acl,
          Year = "1931" )

        @misc{rafailov2023dpo,
          title={Direct Preference Optimization: Your Language Model is Secretly a Reward Model},
          author={Rafael Rafailov and Archit Sharma},
          year={2023},
          eprint={2305.18290v3},
          archivePrefix={arXiv},
          primaryClass={cs.LG},
          url={https://arxiv.org/abs/2305.18290},
        }
        """;

    /// <summary>
    /// An entry knows the macros it uses by name; the file lists its @string commands with their text, and an entry's
    /// needed definitions are the ones in force before it (the later redefinition is not), with the macros those use in
    /// turn, minus what the other file defines; a month name that no @string defines needs nothing.
    /// </summary>
    [Fact]
    public void An_entry_names_its_macros_and_its_needed_string_commands_follow_them_in_file_order()
    {
        const string text = """
            @string{conf = "Proc. of "}
            @string{ICML = conf # "ICML"}
            @string{unused = "Never used"}
            @string{NeurIPS = "NeurIPS"}
            @inproceedings{a2020, title={A}, booktitle = icml # { 2020}, note = NeurIPS, month = jan, year = 2020}
            @string{icml = "redefined later"}
            """;
        var file = BibtexParser.Parse(text, "template.bib");
        Assert.Empty(file.Problems);
        var entry = Assert.Single(file.Entries);
        Assert.Equal(["icml", "NeurIPS", "jan"], entry.Macros);
        Assert.Equal(5, file.StringDefinitions.Count);
        Assert.Equal(["icml"], file.StringDefinitions[1].Names);
        Assert.Equal(["conf"], file.StringDefinitions[1].Macros);
        Assert.Equal("@string{ICML = conf # \"ICML\"}", file.StringDefinitions[1].RawText);
        Assert.Equal("Proc. of ICML 2020", entry.Fields["booktitle"]);

        var needed = file.DefinitionsNeededBy(entry, _ => false);
        Assert.Equal(["@string{conf = \"Proc. of \"}", "@string{ICML = conf # \"ICML\"}", "@string{NeurIPS = \"NeurIPS\"}"], needed.Select(d => d.RawText));

        var neurIpsThere = file.DefinitionsNeededBy(entry, name => name.Equals("neurips", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["@string{conf = \"Proc. of \"}", "@string{ICML = conf # \"ICML\"}"], neurIpsThere.Select(d => d.RawText));
        Assert.Empty(file.DefinitionsNeededBy(entry, _ => true));
    }

    [Fact]
    public void Parses_entries_macros_and_skips_comments()
    {
        var file = BibtexParser.Parse(Sample, "refs.bib");
        Assert.Empty(file.Problems);
        Assert.Equal(["vaswani2017attention", "Goedel1931", "rafailov2023dpo"], file.Entries.Select(e => e.Key));
        Assert.Equal("Proceedings of the ACL", file.Strings["acl"]);

        var vaswani = file.Entries[0];
        Assert.Equal("inproceedings", vaswani.EntryType);
        Assert.Equal("Attention Is {All} You Need", vaswani.Fields["title"]);
        Assert.Equal("Advances in Neural Information Processing Systems 30", vaswani.Fields["BookTitle"]);
        Assert.Equal("2017", vaswani.Fields["year"]);
        Assert.Equal("December", vaswani.Fields["month"]);
        Assert.Equal(7, vaswani.Line);
        Assert.StartsWith("@inproceedings{vaswani2017attention,", vaswani.RawText, StringComparison.Ordinal);
        Assert.EndsWith("}", vaswani.RawText, StringComparison.Ordinal);
        Assert.Equal(vaswani.RawText, Sample[vaswani.StartOffset..vaswani.EndOffset]);

        var goedel = file.Entries[1];
        Assert.Equal("article", goedel.EntryType);
        Assert.Equal("Proceedings of the ACL", goedel.Fields["journal"]);
        Assert.EndsWith(")", goedel.RawText, StringComparison.Ordinal);
    }

    [Fact]
    public void Converts_entries_to_papers()
    {
        var file = BibtexParser.Parse(Sample, "refs.bib");
        var vaswani = BibtexParser.ToPaper(file.Entries[0], "refs.bib")!;
        Assert.Equal("Attention Is All You Need", vaswani.Title);
        Assert.Equal(["Ashish Vaswani", "Noam Shazeer"], vaswani.Authors);
        Assert.Equal("2017-12", vaswani.Date);
        Assert.Equal("Advances in Neural Information Processing Systems 30", vaswani.Venue);
        Assert.Equal("vaswani2017attention", vaswani.BibKey);
        Assert.Equal("inproceedings", vaswani.BibType);

        var goedel = BibtexParser.ToPaper(file.Entries[1], "refs.bib")!;
        Assert.Equal("Über formal unentscheidbare Sätze", goedel.Title);
        Assert.Equal("{\\\"U}ber formal unentscheidbare S{\\\"a}tze", goedel.RawTitle);
        Assert.Equal(["Kurt Gödel"], goedel.Authors);

        var dpo = BibtexParser.ToPaper(file.Entries[2], "refs.bib")!;
        Assert.Equal("2305.18290", dpo.ArxivId);
        Assert.Null(dpo.Venue);
    }

    [Theory]
    [InlineData("Vaswani, Ashish and Noam Shazeer", "Ashish Vaswani|Noam Shazeer")]
    [InlineData("{OpenAI} and {Barnes and Noble, Inc.}", "OpenAI|Barnes and Noble, Inc.")]
    [InlineData("van Beethoven, Ludwig and King, Jr., Martin Luther", "Ludwig van Beethoven|Martin Luther King Jr.")]
    [InlineData("Verhoeven, Ivo  and\n      Mishra, Pushkar", "Ivo Verhoeven|Pushkar Mishra")]
    [InlineData("A. Anderson AND B. Band and others", "A. Anderson|B. Band")]
    [InlineData("", "")]
    public void Splits_author_lists(string field, string expected) =>
        Assert.Equal(expected.Length == 0 ? [] : expected.Split('|'), BibtexParser.SplitAuthors(field));

    [Fact]
    public void Broken_entry_is_reported_and_parsing_resumes()
    {
        const string text = """
            @article{good1, title={One}, year=2020}
            @article{broken, title={Two, year=2021
            @article{good2, title={Three}, author = {Doe, Jane}}
            @article{nokey title={Four}}
            @article{good3, title = {Five} author = {X}}
            @book{good4, title = undefinedmacro}
            """;
        var file = BibtexParser.Parse(text, "x.bib");
        Assert.Equal(["good1", "good2", "good3", "good4"], file.Entries.Select(e => e.Key));
        Assert.Contains(file.Problems, p => p.Line == 2 && p.Message.Contains("broken", StringComparison.Ordinal));
        Assert.Contains(file.Problems, p => p.Line == 4);
        Assert.Contains(file.Problems, p => p.Line == 5 && p.Message.Contains("Missing ','", StringComparison.Ordinal));
        Assert.Contains(file.Problems, p => p.Line == 6 && p.Message.Contains("undefinedmacro", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_keys_and_fields_are_reported()
    {
        var file = BibtexParser.Parse("@misc{a, title={X}, title={Y}}\n@misc{A, title={Z}}", "d.bib");
        Assert.Equal(2, file.Entries.Count);
        Assert.Equal("X", file.Entries[0].Fields["title"]);
        Assert.Contains(file.Problems, p => p.Message.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(file.Problems, p => p.Message.Contains("Duplicate citation key", StringComparison.Ordinal));
    }

    [Fact]
    public void Unclosed_last_entry_is_a_problem_not_a_crash()
    {
        var file = BibtexParser.Parse("@article{ok, title={A}}\n@article{typing, title={Half", "t.bib");
        Assert.Single(file.Entries);
        Assert.Single(file.Problems);
        Assert.Equal(2, file.Problems[0].Line);
    }

    [Fact]
    public void Entry_without_title_is_reported_when_converting()
    {
        var problems = new List<PaperLsp.Ingestion.Model.ParseProblem>();
        var papers = new BibtexParser().Parse(new MemoryStream("@misc{x, author={A}}"u8.ToArray()), "n.bib", problems.Add).ToList();
        Assert.Empty(papers);
        Assert.Contains(problems, p => p.Message.Contains("no title", StringComparison.Ordinal));
    }
}
