using PaperLsp.Ingestion.Model;
using PaperLsp.Storage;

namespace PaperLsp.Storage.Tests;

/// <summary>
/// A test reader for "*.papers" files, one record a line: <c>arxiv|doi|title|year|author;author|abstract|bibkey</c>
/// (an arXiv field of plain digits N stands for the id 2001.0000N).
/// A line starting with '!' is a bad record (reported as a problem); a file whose first line is "THROW" fails mid-read.
/// </summary>
internal sealed class LineFormatReader : IPaperSourceReader
{
    public bool IsSupported(string path) => path.EndsWith(".papers", StringComparison.Ordinal);

    public SourceFormat Detect(string path) => IsSupported(path) ? SourceFormat.ListingText : SourceFormat.Unknown;

    public IEnumerable<Paper> Read(string path, Action<ParseProblem> onProblem)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text == "THROW")
            {
                throw new InvalidDataException("simulated parser failure");
            }

            if (text.StartsWith('!'))
            {
                onProblem(new ParseProblem(path, line, "bad record"));
                continue;
            }

            var f = text.Split('|');
            if (f.Length < 3)
            {
                continue;
            }

            yield return new Paper
            {
                ArxivId = f[0].Length > 0 && f[0].All(char.IsDigit) ? $"2001.{int.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture):D5}" : Empty(f[0]),
                Doi = Empty(f[1]),
                Title = f[2],
                Year = f.Length > 3 && int.TryParse(f[3], out var y) ? y : null,
                Authors = f.Length > 4 && f[4].Length > 0 ? f[4].Split(';') : [],
                Abstract = f.Length > 5 ? f[5] : "",
                BibKey = f.Length > 6 ? Empty(f[6]) : null,
                Source = new PaperSource(path, SourceFormat.ListingText, line),
            };
        }
    }

    private static string? Empty(string s) => s.Length == 0 ? null : s;
}
