using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

/// <summary>
/// The writing-loop signals chosen on the tuning papers (README, "Completion as a writer types"), each as a document with a
/// cursor and the key expected first with the default weights — and not first with that signal switched off, so each
/// case fails when its signal breaks. Situations from the real papers, with a small stand-in index.
/// </summary>
public sealed class CompletionListAndNameTests
{
    [Theory]
    // the next key of a list is a paper like the ones already listed (confidence elicitation), not the one whose title
    // shares the most words with the sentence (a survey of reasoning in large language models)
    [InlineData("list=0", "Large language models have improved reasoning~\\citep{xiong2023can,$0}.", "yoon2025reasoning", false)]
    // the paper whose abstract introduces the name (Group Relative Policy Optimization (GRPO)) among many that use it
    // (the name's origin lookup finds the same paper: off as well, CompletionNameOriginTests tests it)
    [InlineData("defined=0,origins=0", "Policy optimisation algorithms like GRPO~\\citep{$0} boost reasoning.", "shao2024deepseekmath", false)]
    // a name in one title head (SWE-bench) counts for that title although many abstracts use it too
    [InlineData("nametiers=0,origins=0", "Our agent resolves issues on SWE-Bench~\\citep{$0}.", "jimenez2024swebench", false)]
    // the same paper under a second .bib key is not the next key after the first
    [InlineData("again=0", "Continued pretraining on mathematical data pushes the limits of mathematical reasoning in open language models~\\citep{shao2024deepseekmath,$0}.", "yu2025dapo", true)]
    public void The_signal_puts_the_expected_key_first_and_without_it_another(string signalOff, string marked, string expected, bool withBib)
    {
        var snippet = MarkedText.Parse(marked);
        var request = new CompletionRequest(snippet.Text, snippet.Cursor, DocumentLanguage.Latex);
        var catalog = Catalog();
        var withSignal = new CitationCompletion(catalog, Bibliography(withBib)).Complete(request);
        var withoutSignal = new CitationCompletion(catalog, Bibliography(withBib)) { Weights = CompletionWeights.Parse(signalOff) }.Complete(request);

        Assert.Equal(expected, withSignal.Items[0].Label);
        Assert.NotEqual(expected, withoutSignal.Items[0].Label);
    }

    [Theory]
    [InlineData("group relative policy optimization (grpo), a variant of ppo", "grpo", true)]
    [InlineData("monte carlo tree search (mcts) guides", "mcts", true)]
    [InlineData("tree-of-thoughts (tot) prompting", "tot", true)]
    [InlineData("in this paper, we propose cosil, an issue localizer", "cosil", true)]
    [InlineData("we improve grpo training with decoupled clipping", "grpo", false)]
    [InlineData("reinforcement learning (grpo) variants", "grpo", false)]
    [InlineData("", "grpo", false)]
    [InlineData("in this work we propose: cosil, an issue localizer", "cosil", true)]
    [InlineData("a new localizer, called \"cosil\", finds issues", "cosil", true)]
    [InlineData("we introduce a fast and simple cosil", "cosil", false)]
    [InlineData("we present a cosil", "cosil", true)]
    [InlineData("represent cosil", "cosil", false)]
    [InlineData("an approach that is presented;; ,, cosil", "cosil", false)]
    [InlineData("long preamble text here that the window starts inside of propose cosil", "cosil", true)]
    public void An_abstract_introduces_a_name_by_spelling_it_out_or_proposing_it(string abstractText, string name, bool expected) =>
        Assert.Equal(expected, SentenceMatch.Introduces(abstractText, name));

    [Theory]
    [InlineData("llama3-8b", "llama3|llama 3")]
    [InlineData("qwen2.5-7b", "qwen2.5|qwen 2.5")]
    [InlineData("qwen3", "qwen 3")]
    [InlineData("swe-bench", "")]
    [InlineData("gpt-4", "")]
    public void Model_names_get_the_spellings_titles_use(string name, string expected) =>
        Assert.Equal(expected, string.Join('|', SentenceMatch.Variants(name)));

    [Fact]
    public void Names_with_a_size_suffix_match_the_title_that_writes_the_version_apart()
    {
        var names = SentenceMatch.Names("We trained Deepseek-Distill-Llama3-8B and Llama3-8B", 0.2);
        Assert.Contains("llama 3", names.Keys);
        var scores = SentenceMatch.NameMatches(names, [("The Llama 3 Herd of Models", ""), ("Qwen2 Technical Report", "")]);
        Assert.True(scores[0] > 0 && scores[1] == 0, $"{scores[0]} {scores[1]}");
    }

    private static FakePaperCatalog Catalog() => new FakePaperCatalog()
        .Add("xiong2023can", "Can LLMs Express Their Uncertainty? An Empirical Evaluation of Confidence Elicitation in LLMs", "Verbalized confidence elicitation and calibration of uncertainty in black-box LLMs.")
        .Add("yoon2025reasoning", "Reasoning Models Better Express Their Confidence", "Verbalized confidence of models is better calibrated after extended thinking; uncertainty elicitation.")
        .Add("chen2025towards", "Towards Reasoning Era: A Survey of Long Chain-of-Thought for Reasoning Large Language Models", "A survey of reasoning in large language models and how they have improved.")
        .Add("shao2024deepseekmath", "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models", "Continued pretraining on mathematical data. We introduce Group Relative Policy Optimization (GRPO), a variant of PPO.", year: 2024)
        .Add("yu2025dapo", "DAPO: An Open-Source LLM Reinforcement Learning System at Scale", "We improve GRPO training of reasoning models on mathematical data with decoupled clipping; algorithms boost reasoning.", year: 2025)
        .Add("zheng2025gspo", "Group Sequence Policy Optimization", "Unlike GRPO, sequence-level policy optimisation algorithms boost reasoning stability.", year: 2025)
        .Add("liu2025understanding", "Understanding R1-Zero-Like Training: A Critical Perspective", "We analyse GRPO, its length bias, and policy optimisation algorithms that boost reasoning.", year: 2025)
        .Add("tu2025learning", "Learning When to Think: Shaping Adaptive Reasoning via Multi-Stage RL", "Multi-stage policy optimisation with GRPO algorithms boost adaptive reasoning.", year: 2025)
        .Add("wang2025aspo", "ASPO: Asymmetric Importance Sampling Policy Optimization", "Policy optimisation algorithms like GRPO misweight tokens; ASPO boosts reasoning.", year: 2025)
        .Add("jimenez2024swebench", "SWE-bench: Can Language Models Resolve Real-World GitHub Issues?", "Software engineering problems drawn from real GitHub issues and pull requests.", year: 2024)
        .Add("pan2025swegym", "Training Software Engineering Agents and Verifiers with SWE-Gym", "Our agent resolves issues; trained agents improve resolve rates on SWE-bench Verified.", year: 2025)
        .Add("xie2025swefixer", "SWE-Fixer: Training Open-Source LLMs for Effective and Efficient GitHub Issue Resolution", "An agent that resolves issues, evaluated on SWE-bench Lite and Verified.", year: 2025)
        .Add("jiang2025cosil", "Issue Localization via LLM-Driven Iterative Code Graph Searching", "We propose CoSIL; our agent resolves issues on SWE-bench Lite by localizing them.", year: 2025)
        .Add("chen2025locagent", "LocAgent: Graph-Guided LLM Agents for Code Localization", "An agent resolves issues by code localization; results on SWE-bench Lite and Loc-Bench.", year: 2025)
        .Add("yang2024sweagent", "SWE-agent: Agent-Computer Interfaces Enable Automated Software Engineering", "Our agent resolves issues on SWE-bench with an agent-computer interface.", year: 2024);

    /// <summary>A .bib holding DeepSeekMath twice (two keys, same title), as the solvability paper's does, and DAPO.</summary>
    private static WorkspaceBibliography Bibliography(bool withEntries)
    {
        var bibliography = new WorkspaceBibliography();
        if (!withEntries)
        {
            return bibliography;
        }

        bibliography.Update("refs.bib", """
            @article{shao2024deepseekmath,
              title={DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models},
              year={2024}
            }
            @misc{shao2024deepseekmathpushinglimits,
              title={DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models},
              year={2024}
            }
            @misc{yu2025dapo,
              title={DAPO: An Open-Source LLM Reinforcement Learning System at Scale},
              year={2025}
            }
            """);
        return bibliography;
    }
}
