namespace PaperLsp.Server.Tests.Features;

/// <summary>The texts of the test workspace: a LaTeX paper citing a .bib entry and a sentence paraphrasing a seed paper.</summary>
internal static class FeatureWorkspace
{
    /// <summary>Title of the seed paper the paraphrase describes.</summary>
    public const string SgdTitle = "Revisiting the Last-Iterate Convergence of Stochastic Gradient Methods";

    public const string Paraphrase =
        "Recent analyses show that the final iterate of stochastic gradient descent reaches optimal high-probability convergence rates without a compact domain or almost surely bounded noise";

    public const string Bib = """
        @article{smith2020known,
          title = {A Known Paper About Graph Coloring Heuristics},
          author = {Smith, Jane and Doe, John},
          year = {2020},
          journal = {Journal of Tests}
        }

        @inproceedings{doe2019other,
          title = {Another Workspace Entry on Sorting Networks},
          author = {Doe, John},
          year = {2019},
          booktitle = {Proceedings of Tests}
        }

        """;

    public static string Tex(string body) => "\\documentclass{article}\n\\begin{document}\n" + body + "\n\\bibliography{refs}\n\\end{document}\n";

    public static Dictionary<string, string> Files(string texBody) => new() { ["refs.bib"] = Bib, ["main.tex"] = Tex(texBody) };
}
