using PaperLsp.Features.Text;

namespace PaperLsp.Retrieval;

/// <summary>
/// How <see cref="HybridPaperCatalog"/> fuses its rankings: reciprocal-rank fusion
/// (score = Σ weight / (<see cref="RrfK"/> + rank)) over the lexical (FTS5 BM25), vector (cosine) and typed-key
/// rankings (and the lexical candidates re-ranked by cosine), or by score (<see cref="ScoreFusion"/>, the default with
/// vectors), plus a ranking by the names the context uses (<see cref="Names"/>). Workspace priors (.bib, already cited) are applied by completion, by identity. Defaults were chosen with <c>paperlsp eval --weights …</c> on the 237k corpus (see README): the
/// USE-Lite vectors alone barely retrieve paraphrases among 237k papers, so they get a small weight.
/// </summary>
public sealed record RetrievalWeights
{
    public double RrfK { get; init; } = 60;
    public double Lexical { get; init; } = 1.0;
    public double Vector { get; init; } = 0.1;

    /// <summary>
    /// Weight of the lexical candidates re-ranked by cosine similarity to the query. 0.1 after a sweep on the 237k
    /// corpus: against 0.3 it raised MRR@10 (authored 0.539 → 0.719, citing sentences 0.197 → 0.217, with the .bib
    /// 0.497 → 0.502) for hit@10 on citing sentences without the .bib 0.381 → 0.367.
    /// </summary>
    public double VectorRerank { get; init; } = 0.1;
    public double Typed { get; init; } = 2.0;

    /// <summary>
    /// 0: reciprocal-rank fusion of the context's rankings. Above 0: score fusion instead, BM25 over its best ×
    /// <see cref="Lexical"/> + the rescaled cosine similarity × this, over the lexical and vector candidates (the vector
    /// candidates only up to <see cref="VectorRankingUpTo"/> vectors and with <see cref="Vector"/> above 0). 0.7, chosen
    /// on the tuning halves at 237k (arctic-embed-xs): authored queries hit@10 0.800 → 0.933, citing sentences hit@1
    /// 0.292 → 0.306 (hit@10 0.583 → 0.569); 1 gave the same authored hit@10 but cost completion with the .bib one
    /// citation first before typing on the tuning papers, 0.5 hit@10 0.867 (README, "Retrieval quality").
    /// Without vectors (a lexical index, or while they load) the rankings are fused by rank.
    /// </summary>
    public double ScoreFusion { get; init; } = 0.7;

    /// <summary>
    /// Weight of a ranking by the names the context uses (acronyms, CamelCase and mid-sentence capitalised words such as
    /// SWE-bench, GRPO, Reflexion) as a BM25 query of their own, so a title that carries the name is not drowned by the
    /// sentence's common words among hundreds of thousands of abstracts. 0: off. 0.3 with depth 10 on the tuning halves
    /// at 237k (with score fusion 0.7): citing sentences hit@1 0.306 → 0.361, MRR@10 0.386 → 0.430, authored queries
    /// unchanged; weight 1 over depth 200 cost the authored queries (a common name such as Lean, SQL, GPUs pulled in
    /// unrelated titles).
    /// </summary>
    public double Names { get; init; } = 0.3;

    /// <summary>How many of the names ranking's papers count (a common name such as GPU or SQL matches thousands of titles).</summary>
    public int NamesDepth { get; init; } = 10;

    /// <summary>
    /// The vector ranking (a scan of every paper's vector) is used only up to this many vectors. On the 237k corpus it
    /// added nothing measurable (hit@10 0.867 / 0.381 with and without it; hit@1 and MRR slightly better without) while
    /// the scan was the largest cost of a completion; the re-ranking of the lexical candidates by meaning stays on.
    /// Re-measured with score fusion 0.7 and the names ranking at 237k: the same hit@1/hit@10 on every set (authored
    /// MRR@10 0.849 vs 0.850) for about 25 ms more per query.
    /// </summary>
    public int VectorRankingUpTo { get; init; } = 50_000;

    /// <summary>How many candidates each ranking contributes before fusion.</summary>
    public int CandidatesPerRanking { get; init; } = 200;

    public static RetrievalWeights Default { get; } = new();

    public static RetrievalWeights LexicalOnly { get; } = new() { Vector = 0, VectorRerank = 0, ScoreFusion = 0, Names = 0 };

    public static RetrievalWeights VectorOnly { get; } = new() { Lexical = 0, VectorRerank = 0, ScoreFusion = 0, Names = 0, VectorRankingUpTo = int.MaxValue };

    /// <summary>
    /// "lexical=1,vector=0.2,rerank=0.5,typed=2,k=60,vectorupto=50000" applied over <see cref="Default"/> (see
    /// <see cref="WeightList"/>); unknown names throw.
    /// </summary>
    public static RetrievalWeights Parse(string? text) => WeightList.Parse(text, Default, Setters, "retrieval weight");

    private static readonly Dictionary<string, Func<RetrievalWeights, double, RetrievalWeights>> Setters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lexical"] = (w, v) => w with { Lexical = v },
        ["vector"] = (w, v) => w with { Vector = v },
        ["rerank"] = (w, v) => w with { VectorRerank = v },
        ["typed"] = (w, v) => w with { Typed = v },
        ["scores"] = (w, v) => w with { ScoreFusion = v },
        ["names"] = (w, v) => w with { Names = v },
        ["namesdepth"] = (w, v) => w with { NamesDepth = (int)Math.Clamp(v, 1, 10_000) },
        ["k"] = (w, v) => w with { RrfK = v },
        ["vectorupto"] = (w, v) => w with { VectorRankingUpTo = (int)Math.Clamp(v, 0, int.MaxValue) },
    };
}
