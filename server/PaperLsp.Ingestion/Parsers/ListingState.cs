using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>The title → abstract → [meta] state machine of <see cref="ListingTextParser"/>.</summary>
internal sealed class ListingState(string path)
{
    private string? title;
    private int titleLine;
    private string? summary;
    private bool inPapers;

    /// <summary>Takes one paragraph (null = an over-long paragraph that was skipped); yields papers that are complete.</summary>
    public IEnumerable<Paper> Accept(string? paragraph, int line, int lineCount, Action<ParseProblem> onProblem)
    {
        if (paragraph is null)
        {
            if (title is not null && summary is null)
            {
                // The abstract was too long: keep the paper without it.
                summary = "";
            }

            yield break;
        }

        if (ListingTextParser.TryParseMeta(paragraph, out var authorCount, out var date, out var upvotes))
        {
            if (title is null)
            {
                onProblem(new ParseProblem(path, line, "Author/date line without a paper before it; ignored"));
                yield break;
            }

            var paper = Build() with { AuthorCount = authorCount, Date = date, Year = PaperText.YearOf(date), Upvotes = upvotes };
            title = null;
            summary = null;
            yield return paper;
            yield break;
        }

        if (!inPapers && ListingTextParser.IsChrome(paragraph))
        {
            yield break;
        }

        if (title is null)
        {
            StartTitle(paragraph, line, lineCount, onProblem);
            yield break;
        }

        if (summary is null)
        {
            summary = paragraph;
            yield break;
        }

        // A new title after title + abstract without a meta paragraph.
        yield return Build();
        title = null;
        summary = null;
        StartTitle(paragraph, line, lineCount, onProblem);
    }

    public IEnumerable<Paper> Finish(Action<ParseProblem> onProblem)
    {
        if (title is not null)
        {
            if (summary is null)
            {
                onProblem(new ParseProblem(path, titleLine, $"Paper '{Shorten(title)}' has no abstract"));
            }

            yield return Build();
            title = null;
            summary = null;
        }
    }

    private void StartTitle(string paragraph, int line, int lineCount, Action<ParseProblem> onProblem)
    {
        if (lineCount > 2 || paragraph.Length > ListingTextParser.MaxTitleChars)
        {
            onProblem(new ParseProblem(path, line, "Expected a paper title but found a long paragraph; skipped"));
            return;
        }

        inPapers = true;
        title = paragraph;
        titleLine = line;
    }

    private Paper Build() => PaperText.Create(title, summary ?? "", new PaperSource(path, SourceFormat.ListingText, titleLine));

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
