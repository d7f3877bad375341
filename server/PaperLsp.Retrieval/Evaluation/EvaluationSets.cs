using System.Text.Json;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Context;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Ingestion.Identity;

namespace PaperLsp.Retrieval.Evaluation;

/// <summary>
/// Loads evaluation queries: a TSV of (context sentence, expected title) and real LaTeX papers, where every
/// <c>\cite</c> whose keys match corpus papers becomes one query (the writing context completion would send at
/// that point), answered by the matched papers listed in the paper's <c>citation_overlap.json</c>.
/// </summary>
public static class EvaluationSets
{
    /// <summary>
    /// The split of an authored query set into a tuning half (weights are chosen on it) and a held-out half (reported
    /// apart): the 1st, 3rd, 5th … query of the file tune, the 2nd, 4th … are held out.
    /// </summary>
    public static bool IsTuningQuery(int indexInSet) => indexInSet % 2 == 0;

    /// <summary>Queries from a TSV file: column 1 the context, column 2 the expected title; '#' lines are comments.</summary>
    public static IReadOnlyList<EvaluationQuery> LoadTsv(string path)
    {
        var queries = new List<EvaluationQuery>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length < 2)
            {
                throw new FormatException($"{path}:{lineNo}: expected 'context<TAB>title'");
            }

            queries.Add(new EvaluationQuery(
                parts[0].Trim(),
                new HashSet<string>(),
                new HashSet<string> { PaperIdentity.TitleKey(parts[1].Trim()) },
                Path.GetFileName(path),
                $"{Path.GetFileName(path)}:{lineNo}"));
        }

        return queries;
    }

    /// <summary>
    /// Queries from one LaTeX paper folder holding <c>citation_overlap.json</c> and <c>src/</c>. Returns the
    /// queries and the paths of the paper's .bib files (for the workspace-bibliography boost).
    /// </summary>
    public static (IReadOnlyList<EvaluationQuery> Queries, IReadOnlyList<string> BibFiles) LoadLatexPaper(string paperDirectory)
    {
        using var overlap = JsonDocument.Parse(File.ReadAllText(Path.Combine(paperDirectory, "citation_overlap.json")));
        var root = overlap.RootElement;
        var answers = new Dictionary<string, (string? ArxivId, string TitleKey)>(StringComparer.Ordinal);
        foreach (var citation in root.GetProperty("citations").EnumerateArray())
        {
            if (citation.GetProperty("status").GetString() != "matched")
            {
                continue;
            }

            var key = citation.GetProperty("key").GetString()!;
            var corpusId = citation.TryGetProperty("corpus_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            var arxiv = corpusId is not null && ArxivId.TryParse(corpusId, out var parsed, out _) ? parsed : null;
            var title = citation.TryGetProperty("bib_title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? "" : "";
            answers[key] = (arxiv, PaperIdentity.TitleKey(title));
        }

        var set = Path.GetFileName(Path.TrimEndingDirectorySeparator(paperDirectory));
        var queries = new List<EvaluationQuery>();
        var bibs = new List<string>();
        foreach (var file in root.GetProperty("summary").GetProperty("files_used").EnumerateArray().Select(f => f.GetString()!))
        {
            var path = Path.Combine(paperDirectory, "src", file);
            if (!File.Exists(path))
            {
                continue;
            }

            if (file.EndsWith(".bib", StringComparison.OrdinalIgnoreCase))
            {
                bibs.Add(path);
                continue;
            }

            var text = File.ReadAllText(path);
            foreach (var command in CitationScanner.FindAll(text, DocumentLanguage.Latex))
            {
                var matched = command.Keys.Select(k => k.Key).Where(answers.ContainsKey).ToList();
                if (matched.Count == 0)
                {
                    continue;
                }

                var context = WritingContextExtractor.Extract(text, command.Start, DocumentLanguage.Latex);
                if (string.IsNullOrWhiteSpace(context.Query))
                {
                    continue;
                }

                var line = 1 + text.AsSpan(0, command.Start).Count('\n');
                queries.Add(new EvaluationQuery(
                    context.Query,
                    matched.Select(k => answers[k].ArxivId).OfType<string>().ToHashSet(),
                    matched.Select(k => answers[k].TitleKey).Where(k => k.Length > 0).ToHashSet(),
                    set,
                    $"{set}/{file}:{line}"));
            }
        }

        return (queries, bibs);
    }

    /// <summary>Parses .bib files into the papers they describe (for mapping workspace entries onto the index).</summary>
    public static IReadOnlyList<PaperLsp.Ingestion.Model.Paper> ReadBibPapers(IEnumerable<string> bibFiles)
    {
        var papers = new List<PaperLsp.Ingestion.Model.Paper>();
        foreach (var path in bibFiles)
        {
            var file = BibtexParser.Parse(File.ReadAllText(path), path);
            foreach (var entry in file.Entries)
            {
                if (BibtexParser.ToPaper(entry, path) is { } paper)
                {
                    papers.Add(paper);
                }
            }
        }

        return papers;
    }
}
