namespace PaperLsp.Features.Tests.Support;

/// <summary>A small catalog and .bib used across feature tests.</summary>
internal static class TestCorpus
{
    public const string ReferencesBib = """
        @inproceedings{vaswani2017attention,
          title = {Attention Is All You Need},
          author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob},
          booktitle = {Advances in Neural Information Processing Systems},
          year = {2017},
          eprint = {1706.03762},
          archivePrefix = {arXiv}
        }

        @article{lewis2020rag,
          title = {Retrieval-Augmented Generation for Knowledge-Intensive {NLP} Tasks},
          author = {Lewis, Patrick and Perez, Ethan},
          journal = {NeurIPS},
          year = {2020}
        }
        """;

    public static FakePaperCatalog Catalog() => new FakePaperCatalog()
        .Add("vaswani2017attention", "Attention Is All You Need",
            "The dominant sequence transduction models are based on complex recurrent or convolutional neural networks. We propose a new simple network architecture, the Transformer, based solely on attention mechanisms. Experiments on two machine translation tasks show these models to be superior in quality, achieving 28.4 BLEU on the WMT 2014 English-to-German translation task.",
            ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"], 2017, "1706.03762", 120)
        .Add("wei2022chain", "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models",
            "We explore how generating a chain of thought, a series of intermediate reasoning steps, significantly improves the ability of large language models to perform complex reasoning.",
            ["Jason Wei", "Xuezhi Wang"], 2022, "2201.11903")
        .Add("snell2024scaling", "Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters",
            "Enabling LLMs to improve their outputs by using more test-time computation is a critical step. In this paper we study the scaling of inference-time computation in LLMs. We find that a compute-optimal scaling strategy improves efficiency by more than 4x compared to a best-of-N baseline.",
            ["Charlie Snell", "Jaehoon Lee", "Kelvin Xu", "Aviral Kumar"], 2024, "2408.03314", 88, "Optimally allocating test-time compute beats scaling parameters.")
        .Add("jimenez2024swebench", "SWE-bench: Can Language Models Resolve Real-World GitHub Issues?",
            "Language models have outpaced our ability to evaluate them effectively. We introduce SWE-bench, an evaluation framework consisting of 2,294 software engineering problems drawn from real GitHub issues.",
            ["Carlos E. Jimenez", "John Yang"], 2024, "2310.06770")
        .Add("wang2023selfconsistency", "Self-Consistency Improves Chain of Thought Reasoning in Language Models",
            "We propose a new decoding strategy, self-consistency, to replace the naive greedy decoding used in chain-of-thought prompting. It samples a diverse set of reasoning paths and selects the most consistent answer.",
            ["Xuezhi Wang", "Jason Wei"], 2023, "2203.11171");
}
