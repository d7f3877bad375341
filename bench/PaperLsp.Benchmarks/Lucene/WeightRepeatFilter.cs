using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace PaperLsp.Benchmarks.Lucene;

/// <summary>
/// Emits every token <c>weight</c> times, the repeats at the same position (increment 0). In one Lucene field this gives
/// FTS5's column-weighted term frequency (title 5, keys 3, abstract 2, authors 1: tf = Σ weight × tf in the column), while
/// the document length Lucene's BM25 normalises by (with <c>DiscountOverlaps</c>, repeats at the same position are not
/// counted) stays the unweighted token count, as FTS5's. Also counts the input tokens (for the average length).
/// </summary>
internal sealed class WeightRepeatFilter : TokenFilter
{
    private readonly int weight;
    private readonly IPositionIncrementAttribute position;
    private State? state;
    private int remaining;

    public WeightRepeatFilter(TokenStream input, int weight)
        : base(input)
    {
        this.weight = weight;
        this.position = AddAttribute<IPositionIncrementAttribute>();
    }

    /// <summary>Input tokens seen since this filter was created (each once, however many times it was repeated).</summary>
    public long Tokens { get; private set; }

    public override bool IncrementToken()
    {
        if (remaining > 0)
        {
            RestoreState(state);
            position.PositionIncrement = 0;
            remaining--;
            return true;
        }

        if (!m_input.IncrementToken())
        {
            return false;
        }

        Tokens++;
        if (weight > 1)
        {
            state = CaptureState();
            remaining = weight - 1;
        }

        return true;
    }

    public override void Reset()
    {
        base.Reset();
        remaining = 0;
        state = null;
    }
}
