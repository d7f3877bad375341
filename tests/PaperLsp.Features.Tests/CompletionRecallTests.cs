using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

/// <summary>Candidates beyond the sentence's own search: the paragraph before it, and the neighbours of papers cited nearby.</summary>
public sealed class CompletionRecallTests
{
    private static IReadOnlyList<string> Keys(FakePaperCatalog catalog, string text, string weights) =>
        new CitationCompletion(catalog, new WorkspaceBibliography()) { Weights = CompletionWeights.Parse(weights) }
            .Complete(new CompletionRequest(text, text.Length, DocumentLanguage.Latex)).Items.Select(i => i.Label).ToList();

    private static FakePaperCatalog Agents() => new FakePaperCatalog()
        .Add("shinn2023reflexion", "Reflexion: Language Agents with Verbal Reinforcement Learning", "agents reflect verbally on feedback and keep a memory", year: 2023)
        .Add("madaan2023self", "Self-Refine: Iterative Refinement with Self-Feedback", "iterative feedback memory for agents that reflect", year: 2023)
        .Add("li2025llms", "LLMs Caught in the Crossfire: Malware Requests and Jailbreak Challenges", "malware requests jailbreak benchmark", year: 2025)
        .Add("zhou2024jail", "Jailbreak Attacks on Chatbots", "jailbreak malware requests attacks", year: 2024)
        .Add("kim2022vision", "Vision Transformers for Remote Sensing", "satellite images", year: 2022);

    private const string Next = " Similar loops were also studied by others in this setting \\cite{";

    [Fact]
    public void Neighbours_of_a_paper_cited_in_the_paragraph_join_the_candidates()
    {
        var text = "Agents can improve with verbal critiques kept in memory \\cite{shinn2023reflexion}." + Next;
        Assert.DoesNotContain("madaan2023self", Keys(Agents(), text, ""));
        Assert.Contains("madaan2023self", Keys(Agents(), text, "citedrelated=5"));
    }

    [Fact]
    public void A_cited_key_matched_by_its_string_alone_gives_no_neighbours_unless_the_text_names_the_paper()
    {
        // the writer's li2025llms is a reasoning paper; the index's li2025llms is about malware: its neighbours stay out
        var reasoning = "Reasoning models learn to think longer from a few demonstrations \\cite{li2025llms}." + Next;
        Assert.DoesNotContain("zhou2024jail", Keys(Agents(), reasoning, "citedrelated=5"));

        var malware = "Models still answer malware requests \\cite{li2025llms}." + Next;
        Assert.Contains("zhou2024jail", Keys(Agents(), malware, "citedrelated=5"));
    }

    [Fact]
    public void A_bib_entry_of_another_paper_under_the_index_key_gives_no_neighbours()
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", "@article{li2025llms, title={LLMs Can Easily Learn to Reason from Demonstrations}, author={Li, Dacheng}, year={2025}}");
        var text = "Models still answer malware requests \\cite{li2025llms}." + Next;
        var keys = new CitationCompletion(Agents(), bibliography) { Weights = CompletionWeights.Parse("citedrelated=5") }
            .Complete(new CompletionRequest(text, text.Length, DocumentLanguage.Latex)).Items.Select(i => i.Label).ToList();
        Assert.DoesNotContain("zhou2024jail", keys);
    }

    [Fact]
    public void Evidence_needs_a_title_word_the_key_does_not_spell()
    {
        var paper = Agents().FindByKey("li2025llms")!.Paper;
        Assert.False(CitedPaperEvidence.Supports("li2025llms", paper, "LLMs learn to reason from demonstrations"));
        Assert.True(CitedPaperEvidence.Supports("li2025llms", paper, "LLMs answer malware requests"));
        Assert.False(CitedPaperEvidence.Supports("li2025crossfire", paper, "in the crossfire"));
    }

    [Fact]
    public void Without_a_bib_the_sentence_search_goes_deeper_and_a_paper_below_the_first_sixty_is_offered()
    {
        var catalog = new FakePaperCatalog();
        for (var i = 0; i < 80; i++)
        {
            catalog.Add($"filler{i:D2}", $"Loops studied number {i}", "loops studied in many settings and loops again", year: 2020);
        }

        // one shared word (the name): the fake catalog ranks it below the 80 fillers; completion's name match lifts it (the
        // name's origin lookup, which would find it too, is off in the shallow run)
        catalog.Add("shinn2023reflexion", "Reflexion: Language Agents with Verbal Reinforcement Learning", "agents reflect on feedback", year: 2023);
        var text = "Such loops were studied by Reflexion \\cite{";
        var request = new CompletionRequest(text, text.Length, DocumentLanguage.Latex, Limit: 10);
        var without = new CitationCompletion(catalog, new WorkspaceBibliography()).Complete(request).Items.Select(i => i.Label).ToList();
        Assert.Contains("shinn2023reflexion", without);
        Assert.Contains(catalog.Queries, q => q.Limit == 200);
        var shallow = new CitationCompletion(catalog, new WorkspaceBibliography()) { Weights = CompletionWeights.Parse("pool=0,origins=0") }.Complete(request).Items.Select(i => i.Label).ToList();
        Assert.DoesNotContain("shinn2023reflexion", shallow);

        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", "@article{other2020, title={Unrelated Work}, author={Other, A.}, year={2020}}");
        catalog.Queries.Clear();
        new CitationCompletion(catalog, bibliography).Complete(request);
        Assert.All(catalog.Queries, q => Assert.Equal(20, q.Limit));
    }

    [Fact]
    public void The_paragraph_before_the_sentence_is_searched_as_well()
    {
        var catalog = new FakePaperCatalog()
            .Add("zhang2023planning", "Code Generation by Tree Search", "tree search over partial programs for code generation", year: 2023)
            .Add("kim2022vision", "Vision Transformers for Remote Sensing", "satellite images", year: 2022);
        var text = "Tree search over partial programs guides code generation. We extend these planners with learned value functions to prune branches early \\cite{";
        Assert.DoesNotContain("zhang2023planning", Keys(catalog, text, ""));
        Assert.Contains("zhang2023planning", Keys(catalog, text, "wider=10"));
    }
}
