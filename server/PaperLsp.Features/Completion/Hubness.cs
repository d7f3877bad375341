using PaperLsp.Features.Catalog;

namespace PaperLsp.Features.Completion;

/// <summary>
/// Hubness correction for the model's similarities: some papers (broad surveys, generic "towards…" papers) are close
/// to almost any sentence and would top many unrelated lists. A paper's hub score is its mean similarity to a few
/// content-free citing sentences (sentences that name no topic, so any similarity to them is generic); the penalised
/// similarity is similarity − weight × hub score.
/// </summary>
internal static class Hubness
{
    /// <summary>Citing sentences with no topic of their own.</summary>
    private static readonly string[] Probes =
    [
        "Prior work has studied this problem.",
        "We follow the setting of previous work.",
        "This approach has been widely used in recent years.",
        "Several methods have been proposed for this task.",
        "Our results are consistent with earlier findings.",
        "We compare against strong baselines from the literature.",
    ];

    public static Dictionary<long, double> Penalise(IPaperCatalog catalog, IReadOnlyDictionary<long, double> similarities, double weight, CancellationToken cancellationToken)
    {
        var ids = similarities.Keys.ToList();
        var hub = new Dictionary<long, double>();
        foreach (var probe in Probes)
        {
            foreach (var (id, similarity) in catalog.Similarities(probe, ids, cancellationToken))
            {
                hub[id] = hub.GetValueOrDefault(id) + (similarity / Probes.Length);
            }
        }

        return similarities.ToDictionary(s => s.Key, s => s.Value - (weight * hub.GetValueOrDefault(s.Key)));
    }
}
