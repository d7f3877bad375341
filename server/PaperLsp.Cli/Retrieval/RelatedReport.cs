using System.Text.Json;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Context;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Identity;

namespace PaperLsp.Cli.Retrieval;

/// <summary>
/// The table of <c>paperlsp eval --related</c>: the related-paper list of hover cards and "cite related" measured
/// against co-citation in real papers. Two index papers are co-cited when the same paragraph of a LaTeX paper cites
/// both; for each cited paper with at least one co-cited paper, recall@5 / @10 of its co-cited papers in its related
/// list (<see cref="IPaperCatalog.Related"/>), and the share of papers with at least one co-cited paper in the top 5 / 10.
/// </summary>
internal static class RelatedReport
{
    public static void Run(TextWriter output, IReadOnlyList<string> folders, IReadOnlyList<(string Name, Func<string, IReadOnlyList<string?>?> Related)> lists)
    {
        var coCited = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var group in CoCitedGroups(folder))
            {
                foreach (var id in group)
                {
                    if (!coCited.TryGetValue(id, out var others))
                    {
                        coCited[id] = others = new HashSet<string>(StringComparer.Ordinal);
                    }

                    others.UnionWith(group.Where(o => o != id));
                }
            }
        }

        var papers = coCited.Where(p => p.Value.Count > 0).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        output.WriteLine();
        output.WriteLine($"related list vs co-citation (same paragraph), {papers.Count} cited papers with ≥ 1 co-cited paper, {papers.Sum(p => p.Value.Count) / (double)Math.Max(1, papers.Count):F1} co-cited each on average");
        output.WriteLine($"{"related list",-28} {"n",4} {"recall@5",9} {"recall@10",10} {"any@5",7} {"any@10",7}");
        foreach (var (name, relatedOf) in lists)
        {
            var recall5 = 0.0;
            var recall10 = 0.0;
            var any5 = 0;
            var any10 = 0;
            var n = 0;
            foreach (var (id, others) in papers)
            {
                if (relatedOf(id) is not { } related)
                {
                    continue;
                }

                var in5 = related.Take(5).Count(r => r is not null && others.Contains(r));
                var in10 = related.Count(r => r is not null && others.Contains(r));
                recall5 += in5 / (double)others.Count;
                recall10 += in10 / (double)others.Count;
                any5 += in5 > 0 ? 1 : 0;
                any10 += in10 > 0 ? 1 : 0;
                n++;
            }

            var d = Math.Max(1, n);
            output.WriteLine($"{name,-28} {n,4} {recall5 / d,9:F3} {recall10 / d,10:F3} {any5 / (double)d,7:F3} {any10 / (double)d,7:F3}");
        }
    }

    /// <summary>The arXiv ids of a catalog's related list for the paper with this arXiv id (null when not in the index).</summary>
    public static IReadOnlyList<string?>? RelatedIds(IPaperCatalog catalog, string arxivId, int limit = 10) =>
        catalog.FindByKey(arxivId) is { } stored
            ? catalog.Related(stored, limit, CancellationToken.None).Select(r => r.Paper.Paper.ArxivId).ToList()
            : null;

    /// <summary>Reciprocal-rank fusion of two related lists (k = 60), the first list winning ties.</summary>
    public static IReadOnlyList<string?>? Fuse(IReadOnlyList<string?>? a, IReadOnlyList<string?>? b, double weightB = 1.0)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        void AddList(IReadOnlyList<string?> list, double weight)
        {
            for (var r = 0; r < list.Count; r++)
            {
                if (list[r] is { } id)
                {
                    scores[id] = scores.GetValueOrDefault(id) + (weight / (60.0 + r + 1));
                }
            }
        }

        AddList(a, 1.0);
        AddList(b, weightB);
        return scores.OrderByDescending(s => s.Value).Select(s => (string?)s.Key).Take(10).ToList();
    }

    /// <summary>For each paragraph of the paper's .tex files: the arXiv ids of the index papers it cites (two or more).</summary>
    private static IEnumerable<HashSet<string>> CoCitedGroups(string paperDirectory)
    {
        using var overlap = JsonDocument.Parse(File.ReadAllText(Path.Combine(paperDirectory, "citation_overlap.json")));
        var root = overlap.RootElement;
        var arxivOfKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var citation in root.GetProperty("citations").EnumerateArray())
        {
            if (citation.GetProperty("status").GetString() == "matched"
                && citation.TryGetProperty("corpus_id", out var corpusId) && corpusId.ValueKind == JsonValueKind.String
                && ArxivId.TryParse(corpusId.GetString()!, out var parsed, out _))
            {
                arxivOfKey[citation.GetProperty("key").GetString()!] = parsed;
            }
        }

        var groups = new List<HashSet<string>>();
        foreach (var file in root.GetProperty("summary").GetProperty("files_used").EnumerateArray().Select(f => f.GetString()!))
        {
            var path = Path.Combine(paperDirectory, "src", file);
            if (!file.EndsWith(".tex", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
            {
                continue;
            }

            var text = File.ReadAllText(path);
            foreach (var paragraph in CitationScanner.FindAll(text, DocumentLanguage.Latex)
                .GroupBy(c => WritingContextExtractor.ParagraphBounds(text, c.Start, DocumentLanguage.Latex)))
            {
                var ids = paragraph.SelectMany(c => c.Keys).Select(k => arxivOfKey.GetValueOrDefault(k.Key)).OfType<string>().ToHashSet(StringComparer.Ordinal);
                if (ids.Count >= 2)
                {
                    groups.Add(ids);
                }
            }
        }

        return groups;
    }
}
