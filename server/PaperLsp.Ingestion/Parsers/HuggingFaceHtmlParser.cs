using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using PaperLsp.Ingestion.Identity;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Parsers;

/// <summary>
/// Saved huggingface.co/papers pages. Reads the <c>SVELTE_HYDRATER</c> div with <c>data-target="DailyPapers"</c>, whose
/// <c>data-props</c> attribute holds the (HTML-escaped) daily papers JSON; when that is missing or broken, falls back to the
/// rendered <c>&lt;article&gt;</c> cards (title, arXiv id from the <c>/papers/ID</c> link, upvotes; no abstracts there).
/// </summary>
public sealed class HuggingFaceHtmlParser : IPaperSourceParser
{
    /// <inheritdoc />
    public SourceFormat Format => SourceFormat.HuggingFaceHtml;

    /// <inheritdoc />
    public IEnumerable<Paper> Parse(Stream stream, string path, Action<ParseProblem> onProblem)
    {
        var html = StreamText.ReadAll(stream, path, onProblem);
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(html);
        var hydrater = document.QuerySelector("div[data-target='DailyPapers'][data-props]");
        if (hydrater is not null)
        {
            var props = hydrater.GetAttribute("data-props") ?? "";
            var problems = new List<ParseProblem>();
            var papers = HuggingFaceApiJsonParser.ParseJson(Encoding.UTF8.GetBytes(props), path, SourceFormat.HuggingFaceHtml, problems.Add);
            foreach (var problem in problems)
            {
                onProblem(problem with { Line = Math.Max(problem.Line, 0) });
            }

            if (papers.Count > 0)
            {
                return papers;
            }

            onProblem(new ParseProblem(path, 0, "The DailyPapers data-props hold no papers; reading the rendered cards instead"));
        }

        return ReadCards(document, path, onProblem);
    }

    private static List<Paper> ReadCards(IDocument document, string path, Action<ParseProblem> onProblem)
    {
        var papers = new List<Paper>();
        var index = 0;
        foreach (var article in document.QuerySelectorAll("article"))
        {
            index++;
            var link = article.QuerySelector("h3 a") ?? article.QuerySelector("h3");
            var title = link?.TextContent;
            if (string.IsNullOrWhiteSpace(title))
            {
                onProblem(new ParseProblem(path, 0, $"Paper card {index} has no title; skipped"));
                continue;
            }

            string? arxivId = null;
            foreach (var anchor in article.QuerySelectorAll("a[href]"))
            {
                var href = anchor.GetAttribute("href") ?? "";
                var at = href.IndexOf("/papers/", StringComparison.Ordinal);
                if (at >= 0)
                {
                    var rest = href[(at + 8)..];
                    var cut = rest.IndexOfAny(['#', '?', '/']);
                    if (ArxivId.TryParse(cut >= 0 ? rest[..cut] : rest, out var id, out _))
                    {
                        arxivId = id;
                        break;
                    }
                }
            }

            int? upvotes = null;
            foreach (var votes in article.QuerySelectorAll("div.leading-none"))
            {
                if (int.TryParse(votes.TextContent.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    upvotes = count;
                    break;
                }
            }

            papers.Add(PaperText.Create(title, "", new PaperSource(path, SourceFormat.HuggingFaceHtml, index)) with
            {
                ArxivId = arxivId,
                Upvotes = upvotes,
            });
        }

        if (papers.Count == 0)
        {
            onProblem(new ParseProblem(path, 0, "No Hugging Face daily papers found in this HTML page"));
        }

        return papers;
    }
}
