namespace PaperLsp.TestSupport.Fuzz;

/// <summary>Counts of one model-based LSP fuzz run.</summary>
public sealed record LspFuzzReport(int Seed, int Steps, IReadOnlyDictionary<string, int> Operations, int TextChecks, int AppliedEdits)
{
    public override string ToString() =>
        $"seed {Seed}: {Steps} steps, {TextChecks} text comparisons, {AppliedEdits} server edits applied; "
        + string.Join(", ", Operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}"));
}
