using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Papers;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Tests;

/// <summary>The key of an index paper in a workspace: identity, never the key string (issue 10's li2025llms collision).</summary>
public sealed class WorkspaceKeysTests
{
    // Excerpt of the real emnlp2026.bib: its li2025llms is "LLMs Can Easily Learn to Reason…" (arXiv 2502.07374), while the
    // 237k index generates li2025llms for a different paper, "LLMs Caught in the Crossfire" (arXiv 2506.10022).
    private const string Bib = """
        @article{li2025llms,
          title={LLMs Can Easily Learn to Reason from Demonstrations Structure, not content, is what matters!},
          author={Li, Dacheng and Cao, Shiyi and Griggs, Tyler},
          journal={arXiv preprint arXiv:2502.07374},
          year={2025}
        }

        @inproceedings{wang2022self,
          title={Self-Consistency Improves Chain of Thought Reasoning in Language Models},
          author={Wang, Xuezhi and Wei, Jason},
          booktitle={ICLR},
          year={2023}
        }

        @article{Snell2024,
          title={Some other paper about scaling},
          author={Snell, Charlie},
          year={2024}
        }
        """;

    private static BibIdentityIndex Index()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("emnlp2026.bib", Bib);
        return new BibIdentityIndex(bibliography.Entries);
    }

    private static Paper IndexPaper(string title, string? arxivId, params string[] authors) =>
        new() { Title = title, ArxivId = arxivId, Authors = authors, Year = 2025, Source = new PaperSource("index.jsonl", SourceFormat.PapersJsonl, 1) };

    [Fact]
    public void ADifferentPaperWithTheSameGeneratedKeyGetsAFreeReadableVariant()
    {
        var crossfire = IndexPaper("LLMs Caught in the Crossfire: Malware Requests and Jailbreak Challenges", "2506.10022", "Haoyang Li");

        var key = WorkspaceKeys.For("li2025llms", crossfire, Index());

        Assert.Equal("li2025llmscaught", key.Key);
        Assert.False(key.InBibliography);
        Assert.True(key.IsFreeVariant);
    }

    [Fact]
    public void TheSamePaperIsOfferedUnderTheBibKeyByArxivId()
    {
        var reason = IndexPaper("LLMs Can Easily Learn to Reason from Demonstrations", "2502.07374", "Dacheng Li");

        var key = WorkspaceKeys.For("li2025llmsa", reason, Index());

        Assert.Equal("li2025llms", key.Key);
        Assert.True(key.InBibliography);
        Assert.Equal("emnlp2026.bib", key.BibEntry!.Path);
        Assert.False(key.IsFreeVariant);
    }

    [Fact]
    public void TheSamePaperIsFoundByFoldedTitleWhenTheBibHasNoArxivId()
    {
        var selfConsistency = IndexPaper("Self-consistency improves chain-of-thought reasoning in language models", "2203.11171", "Xuezhi Wang");

        var key = WorkspaceKeys.For("wang2023selfconsistency", selfConsistency, Index());

        Assert.Equal("wang2022self", key.Key);
        Assert.True(key.InBibliography);
    }

    [Fact]
    public void AFreeIndexKeyIsKeptAndBibKeysCollideIgnoringCase()
    {
        var attention = IndexPaper("Attention Is All You Need", "1706.03762", "Ashish Vaswani");
        Assert.Equal(new WorkspaceKey("vaswani2017attention", null, false), WorkspaceKeys.For("vaswani2017attention", attention, Index()));

        var scaling = IndexPaper("Scaling LLM Test-Time Compute Optimally", "2408.03314", "Charlie Snell");
        var key = WorkspaceKeys.For("snell2024", scaling, Index()); // the .bib has Snell2024 for another paper
        Assert.Equal("snell2024scaling", key.Key);
        Assert.True(key.IsFreeVariant);
    }

    [Fact]
    public void TheVariantAvoidsKeysTakenElsewhereAndFallsBackToLetters()
    {
        var crossfire = IndexPaper("LLMs Caught in the Crossfire", "2506.10022", "Haoyang Li");
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "li2025llmscaught" };

        var key = WorkspaceKeys.For("li2025llms", crossfire, Index(), taken.Contains);

        Assert.Equal("li2025llmscaughta", key.Key);
        var untitled = WorkspaceKeys.For("li2025llms", IndexPaper("LLMs", "2506.00001", "A Li"), Index());
        Assert.Equal("li2025llmsa", untitled.Key);
    }

    [Fact]
    public void ADoiOrTitleMatchNeverJoinsPapersWithDifferentArxivIds()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("a.bib", "@article{x, title={A Survey of Large Language Models}, eprint={2303.18223}, archivePrefix={arXiv}}");
        var other = IndexPaper("A Survey of Large Language Models", "2402.06196", "Someone Else");

        var key = WorkspaceKeys.For("else2024survey", other, new BibIdentityIndex(bibliography.Entries));

        Assert.Equal("else2024survey", key.Key);
        Assert.False(key.InBibliography);
    }
}
