using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PaperLsp.Ingestion.Model;
using PaperLsp.Ingestion.Text;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>
/// Text renderings of Hugging Face "Daily Papers" listing pages (the seed documents): blank-line separated paragraphs,
/// page chrome first ("Get trending papers…", "Subscribe", "byAK and the research community", a page date such as "Jan 5"),
/// then per paper a one-line title, an abstract paragraph and optionally a meta paragraph
/// ("  • 4 authors\n·\nOct 11, 2023 3" or "org Name\n·\nOct 13, 2025 2": author count or organisation, date, upvotes).
/// Streams line by line in bounded memory (lines over <see cref="MaxLineBytes"/> and paragraphs over <see cref="MaxParagraphChars"/> are reported and skipped).
/// </summary>
public sealed partial class ListingTextParser : IPaperSourceParser
{
    /// <summary>Longest accepted line.</summary>
    public const int MaxLineBytes = 4 * 1024 * 1024;

    /// <summary>Longest accepted paragraph (title or abstract).</summary>
    public const int MaxParagraphChars = 4 * 1024 * 1024;

    /// <summary>Longest paragraph still taken as a title.</summary>
    public const int MaxTitleChars = 400;

    private static readonly HashSet<string> Chrome = new(StringComparer.OrdinalIgnoreCase)
    {
        "new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers", "byAK and the research community",
        "by AK and the research community", "Trending Papers", "Papers", "Submit", "Previous", "Next",
    };

    /// <inheritdoc />
    public SourceFormat Format => SourceFormat.ListingText;

    /// <inheritdoc />
    public IEnumerable<Paper> Parse(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        var reader = new Utf8LineReader(stream, MaxLineBytes);
        var paragraph = new StringBuilder();
        var paragraphLine = 0;
        var paragraphLines = 0;
        var overflow = false;
        var state = new ListingState(path);
        var seenContent = false;
        var notUtf8 = false;
        var warned = false;
        while (reader.TryReadLine(out var bytes))
        {
            if (reader.LineTooLong)
            {
                onProblem(new ParseProblem(path, reader.LineNumber, $"Line is longer than {MaxLineBytes / (1024 * 1024)} MB; skipped"));
                overflow = true;
                continue;
            }

            var line = TextDecoding.DecodeLine(bytes.Span, ref notUtf8);
            if (notUtf8 && !warned)
            {
                warned = true;
                onProblem(new ParseProblem(path, reader.LineNumber, TextDecoding.FallbackWarning(path)));
            }
            if (!seenContent && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                if (paragraph.Length > 0 || overflow)
                {
                    foreach (var paper in state.Accept(overflow ? null : paragraph.ToString(), paragraphLine, paragraphLines, onProblem))
                    {
                        yield return paper;
                    }
                }

                paragraph.Clear();
                paragraphLines = 0;
                overflow = false;
                continue;
            }

            seenContent = true;
            if (paragraph.Length == 0 && !overflow)
            {
                paragraphLine = reader.LineNumber;
            }

            if (overflow)
            {
                continue;
            }

            if (paragraph.Length + line.Length > MaxParagraphChars)
            {
                onProblem(new ParseProblem(path, paragraphLine, $"Paragraph is longer than {MaxParagraphChars / (1024 * 1024)} M characters; skipped"));
                paragraph.Clear();
                overflow = true;
                continue;
            }

            if (paragraph.Length > 0)
            {
                paragraph.Append('\n');
            }

            paragraph.Append(line);
            paragraphLines++;
        }

        if (paragraph.Length > 0 || overflow)
        {
            foreach (var paper in state.Accept(overflow ? null : paragraph.ToString(), paragraphLine, paragraphLines, onProblem))
            {
                yield return paper;
            }
        }

        foreach (var paper in state.Finish(onProblem))
        {
            yield return paper;
        }
    }

    /// <summary>
    /// Whether the beginning of a text file looks like a listing: HF page chrome or "• N authors" meta lines, or at least two
    /// one-line titles each followed by a long abstract paragraph.
    /// </summary>
    public static bool LooksLikeListing(string head)
    {
        if (AuthorCount().IsMatch(head) || head.Contains("research community", StringComparison.Ordinal)
            || head.Contains("Get trending papers", StringComparison.Ordinal))
        {
            return true;
        }

        var paragraphs = head.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var pairs = 0;
        for (var i = 0; i + 1 < paragraphs.Length; i++)
        {
            var title = paragraphs[i];
            var summary = paragraphs[i + 1];
            if (!title.Contains('\n', StringComparison.Ordinal) && title.Length is >= 5 and <= MaxTitleChars && summary.Length >= 200 && summary.Length > 3 * title.Length)
            {
                pairs++;
                i++;
            }
        }

        // A single pair counts when it fills the sniffed head (one very long abstract).
        return pairs >= 2 || (pairs == 1 && paragraphs.Length <= 3 && head.Length >= 32 * 1024);
    }

    internal static bool IsChrome(string paragraph) =>
        Chrome.Contains(paragraph.Trim()) || PageDate().IsMatch(paragraph.Trim());

    internal static bool TryParseMeta(string paragraph, out int? authorCount, out string? date, out int? upvotes)
    {
        authorCount = null;
        date = null;
        upvotes = null;
        if (!paragraph.Contains('·', StringComparison.Ordinal) && !paragraph.TrimStart().StartsWith('•'))
        {
            return false;
        }

        var match = AuthorCount().Match(paragraph);
        if (match.Success && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            authorCount = count;
        }

        var dateMatch = MetaDate().Match(paragraph);
        if (dateMatch.Success)
        {
            var month = dateMatch.Groups["month"].Value;
            var day = int.Parse(dateMatch.Groups["day"].ValueSpan, CultureInfo.InvariantCulture);
            var monthNumber = DateTime.ParseExact(month, "MMM", CultureInfo.InvariantCulture).Month;
            if (dateMatch.Groups["year"].Success)
            {
                date = $"{dateMatch.Groups["year"].Value}-{monthNumber:00}-{day:00}";
            }

            if (dateMatch.Groups["up"].Success && int.TryParse(dateMatch.Groups["up"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var votes))
            {
                upvotes = votes;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}(, \d{4})?$", RegexOptions.CultureInvariant)]
    private static partial Regex PageDate();

    [GeneratedRegex(@"•\s*(\d{1,5})\s+authors?", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorCount();

    [GeneratedRegex(@"(?m)^\s*(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<day>\d{1,2})(?:, (?<year>\d{4}))?(?: (?<up>\d{1,6}))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex MetaDate();
}
