using System.Globalization;
using PaperLsp.Ingestion.Model;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>Plain-text rendering of papers for the terminal.</summary>
internal static class PaperPrinter
{
    public static string Authors(Paper paper, int max = 3) => paper.Authors.Count switch
    {
        0 => "",
        var n when n <= max => string.Join(", ", paper.Authors),
        _ => string.Join(", ", paper.Authors.Take(max)) + " et al.",
    };

    public static void PrintHits(TextWriter output, IReadOnlyList<(StoredPaper Paper, double Score)> hits)
    {
        var rank = 0;
        foreach (var (paper, score) in hits)
        {
            rank++;
            var year = paper.Paper.Year is { } y ? " (" + y.ToString(CultureInfo.InvariantCulture) + ")" : "";
            output.WriteLine($"{rank,3}. [{paper.CitationKey}] {paper.Paper.Title}{year}  score {score:F2}");
            var authors = Authors(paper.Paper);
            if (authors.Length > 0 || paper.Paper.ArxivId is not null)
            {
                output.WriteLine($"     {authors}{(paper.Paper.ArxivId is null ? "" : (authors.Length > 0 ? " · " : "") + "arXiv:" + paper.Paper.ArxivId)}");
            }
        }
    }

    public static void PrintFull(TextWriter output, StoredPaper stored, IReadOnlyList<PaperSource> sources)
    {
        var p = stored.Paper;
        output.WriteLine($"key:      {stored.CitationKey}");
        output.WriteLine($"title:    {p.Title}");
        Line(output, "authors", p.Authors.Count > 0 ? string.Join(", ", p.Authors) : null);
        Line(output, "date", p.Date ?? p.Year?.ToString(CultureInfo.InvariantCulture));
        Line(output, "arXiv", p.ArxivId is null ? null : $"{p.ArxivId}  https://arxiv.org/abs/{p.ArxivId}");
        Line(output, "doi", p.Doi is null ? null : $"{p.Doi}  https://doi.org/{p.Doi}");
        Line(output, "venue", p.Venue);
        Line(output, "url", p.Url);
        Line(output, "code", p.GithubRepo);
        Line(output, "upvotes", p.Upvotes?.ToString(CultureInfo.InvariantCulture));
        Line(output, "keywords", p.Keywords.Count > 0 ? string.Join(", ", p.Keywords) : null);
        Line(output, "summary", p.AiSummary);
        if (p.Abstract.Length > 0)
        {
            output.WriteLine("abstract:");
            output.WriteLine("  " + p.Abstract);
        }

        output.WriteLine($"sources ({sources.Count}):");
        foreach (var s in sources)
        {
            output.WriteLine($"  {s.Path}:{s.Line} ({s.Format})");
        }
    }

    /// <summary>A BibTeX entry, ending with exactly one newline.</summary>
    public static void WriteEntry(TextWriter output, string entry)
    {
        output.Write(entry.TrimEnd('\n', '\r'));
        output.WriteLine();
    }

    private static void Line(TextWriter output, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            output.WriteLine($"{label + ":",-10}{value}");
        }
    }
}
