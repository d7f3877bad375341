using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Papers;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Hover;

/// <summary>
/// Builds hover cards for the citation key under the cursor (inside a cite command) or a bare arXiv id in the text
/// (<c>2312.17653</c>, <c>arXiv:2312.17653v2</c>, <c>cs/0112017</c>). Unknown keys give no card.
/// </summary>
public sealed partial class HoverCardBuilder
{
    private readonly PaperResolver resolver;

    public HoverCardBuilder(IPaperCatalog catalog, WorkspaceBibliography bibliography)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(bibliography);
        resolver = new PaperResolver(catalog, bibliography);
    }

    /// <summary>The number of related papers a card lists unless told otherwise.</summary>
    public const int DefaultRelatedCount = 3;

    /// <summary>Number of related papers listed at the bottom of a card.</summary>
    public int RelatedCount { get; init; } = DefaultRelatedCount;

    /// <summary>Cards already built for the current catalog and .bib (reused, and filled with what this builder builds); null: none.</summary>
    public HoverCardCache? Cache { get; init; }

    /// <summary>The card for what is under <paramref name="offset"/>, or null (nothing citable there, or unknown).</summary>
    public HoverCard? Build(
        string text,
        int offset,
        DocumentLanguage language,
        IEnumerable<string>? customCiteMacros = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (offset < 0 || offset > text.Length)
        {
            return null;
        }

        var site = CitationSiteFinder.Find(text, offset, language, customCiteMacros);
        if (site is not null)
        {
            if (site.CurrentKey.Length == 0)
            {
                return null;
            }

            var markdown = BuildMarkdown(site.CurrentKey, includeRelated: true, cancellationToken);
            return markdown is null ? null : new HoverCard(site.CurrentKey, site.ReplaceStart, site.ReplaceEnd, markdown);
        }

        var arxiv = FindArxivIdAt(text, offset);
        if (arxiv is null)
        {
            return null;
        }

        var card = BuildMarkdown(arxiv.Value.Id, includeRelated: true, cancellationToken);
        return card is null ? null : new HoverCard(arxiv.Value.Id, arxiv.Value.Start, arxiv.Value.End, card);
    }

    /// <summary>The card Markdown for a key or arXiv id, or null when neither the workspace .bib nor the catalog knows it.</summary>
    public string? BuildMarkdown(string keyOrArxivId, bool includeRelated = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyOrArxivId);
        if (!includeRelated || Cache is not { } cache)
        {
            return BuildUncached(keyOrArxivId, includeRelated, cancellationToken);
        }

        var token = cache.Token(resolver.Catalog, resolver.Bibliography, RelatedCount);
        if (token is null)
        {
            return BuildUncached(keyOrArxivId, includeRelated, cancellationToken);
        }

        if (cache.TryGet(token, keyOrArxivId, out var kept))
        {
            return kept;
        }

        var markdown = BuildUncached(keyOrArxivId, includeRelated, cancellationToken);
        cache.Add(token, keyOrArxivId, markdown);
        return markdown;
    }

    private string? BuildUncached(string keyOrArxivId, bool includeRelated, CancellationToken cancellationToken)
    {
        var resolved = resolver.ResolveCited(keyOrArxivId);
        if (resolved is null)
        {
            return null;
        }

        var related = includeRelated && resolved.CatalogPaper is not null && RelatedCount > 0
            ? resolver.Catalog.Related(resolved.CatalogPaper, RelatedCount, cancellationToken)
            : [];
        var relatedKeys = related.Select(r => resolver.KeyOf(r.Paper).Key).ToList();
        return Render(resolved, related, relatedKeys);
    }

    /// <summary>An arXiv id (without version) written in the text around <paramref name="offset"/>, with its range.</summary>
    public static (string Id, int Start, int End)? FindArxivIdAt(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (offset < 0 || offset > text.Length)
        {
            return null;
        }

        // On a line longer than 10,000 characters only 200 around the offset are read (line breaks are looked for no
        // further than that).
        const int LongLine = 10_000;
        var lookBack = Math.Max(0, offset - LongLine - 1);
        var newline = offset == 0 ? -1 : text.LastIndexOf('\n', offset - 1, offset - lookBack);
        var lineStart = newline >= 0 ? newline + 1 : lookBack == 0 ? 0 : -1;
        var lookAhead = Math.Min(text.Length, offset + LongLine + 1);
        newline = text.IndexOf('\n', offset, lookAhead - offset);
        var lineEnd = newline >= 0 ? newline : lookAhead == text.Length ? text.Length : -1;
        if (lineStart < 0 || lineEnd < 0 || lineEnd - lineStart > LongLine)
        {
            lineStart = Math.Max(lineStart, offset - 200);
            lineEnd = lineEnd < 0 ? offset + 200 : Math.Min(lineEnd, offset + 200);
        }

        foreach (Match match in ArxivIdPattern().Matches(text[lineStart..lineEnd]))
        {
            var start = lineStart + match.Index;
            var end = start + match.Length;
            if (offset >= start && offset <= end)
            {
                var month = match.Groups["new"].Success ? int.Parse(match.Groups["new"].Value.AsSpan(2, 2), CultureInfo.InvariantCulture) : 1;
                if (month is < 1 or > 12)
                {
                    return null;
                }

                var id = match.Groups["new"].Success ? match.Groups["new"].Value : match.Groups["old"].Value;
                return (id, start, end);
            }
        }

        return null;
    }

    private static string Render(ResolvedPaper resolved, IReadOnlyList<ScoredPaper> related, IReadOnlyList<string> relatedKeys)
    {
        var (key, paper, bibEntry) = (resolved.Key, resolved.Paper, resolved.BibEntry);
        var card = new StringBuilder();
        card.Append("**").Append(MarkdownText.Escape(paper.Title)).Append("**\n\n");
        var facts = new List<string>();
        if (paper.Authors.Count > 0)
        {
            facts.Add(MarkdownText.Escape(PaperDisplay.AuthorList(paper.Authors)));
        }

        var date = paper.Date is { Length: > 0 } d ? d : PaperDisplay.YearText(paper);
        if (date.Length > 0)
        {
            facts.Add(MarkdownText.Escape(date));
        }

        if (paper.Venue is { Length: > 0 } venue)
        {
            facts.Add("*" + MarkdownText.Escape(venue) + "*");
        }

        if (paper.ArxivId is { Length: > 0 } arxivId)
        {
            facts.Add("arXiv:" + arxivId);
        }

        if (paper.Upvotes is { } upvotes)
        {
            facts.Add(string.Create(CultureInfo.InvariantCulture, $"▲ {upvotes} upvotes"));
        }

        if (facts.Count > 0)
        {
            card.Append(string.Join(" · ", facts)).Append("\n\n");
        }

        var tldr = TldrExtractor.Extract(paper.Abstract);
        if (tldr.Length > 0)
        {
            card.Append("**TL;DR:** ").Append(MarkdownText.Escape(tldr)).Append("\n\n");
        }

        if (paper.AiSummary is { Length: > 0 } summary)
        {
            card.Append("*AI summary (Hugging Face):* ").Append(MarkdownText.Escape(summary.Trim())).Append("\n\n");
        }

        var links = new List<string>();
        if (paper.ArxivId is { Length: > 0 } id)
        {
            links.Add($"[arXiv](https://arxiv.org/abs/{id})");
            links.Add($"[PDF](https://arxiv.org/pdf/{id})");
            links.Add($"[HF paper page](https://huggingface.co/papers/{id})");
        }

        if (paper.Doi is { Length: > 0 } doi)
        {
            links.Add($"[DOI](https://doi.org/{doi})");
        }

        if (paper.GithubRepo is { Length: > 0 } repo && Uri.IsWellFormedUriString(repo, UriKind.Absolute))
        {
            links.Add($"[Code]({repo})");
        }

        if (paper.Url is { Length: > 0 } url && Uri.IsWellFormedUriString(url, UriKind.Absolute) && links.Count == 0)
        {
            links.Add($"[Link]({url})");
        }

        if (links.Count > 0)
        {
            card.Append(string.Join(" · ", links)).Append("\n\n");
        }

        if (related.Count > 0)
        {
            card.Append("**Related:**\n");
            for (var r = 0; r < related.Count; r++)
            {
                var hit = related[r];
                var year = PaperDisplay.YearText(hit.Paper.Paper);
                card.Append("- ").Append(MarkdownText.Escape(hit.Paper.Paper.Title));
                if (year.Length > 0)
                {
                    card.Append(" (").Append(year).Append(')');
                }

                card.Append(" `").Append(relatedKeys[r].Replace('`', '\'')).Append("`\n");
            }

            card.Append('\n');
        }

        card.Append('`').Append(key.Replace('`', '\'')).Append('`');
        card.Append(bibEntry is not null
            ? $" · in your .bib as {bibEntry.Key} ({MarkdownText.Escape(Path.GetFileName(bibEntry.Path))})"
            : resolved.ByKeyShape
                ? " · from the paper catalog: the one paper this key's shape (first author where the record has one, year, title word) fits; not in the workspace .bib"
            : resolved.FreeVariantOf is { } taken
                ? $" · from the paper catalog, not in your .bib; cited under this key because `{taken.Replace('`', '\'')}` in your .bib is another paper"
                : " · from the paper catalog (not in the workspace .bib)");
        return card.ToString();
    }

    /// <summary>
    /// <paramref name="card"/> with a warning after it when its key is defined only in a .bib the document does not cite
    /// from (<paramref name="inUse"/>, a LaTeX paper's: those its <c>\bibliography</c> names) though the workspace has it
    /// (<paramref name="workspace"/>): BibTeX will not find it there, as the document's diagnostics say. Else the card.
    /// </summary>
    public static HoverCard ForBibliographyInUse(HoverCard card, WorkspaceBibliography inUse, WorkspaceBibliography workspace)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(workspace);
        if (workspace.EntryOutside(inUse, card.Key) is not { } elsewhere)
        {
            return card;
        }

        var file = MarkdownText.Escape(Path.GetFileName(elsewhere.Path));
        return card with
        {
            Markdown = card.Markdown + $"\n\n**Not in this paper's bibliography:** `{card.Key.Replace('`', '\'')}` is defined only in {file}, which its `\\bibliography` does not name; BibTeX will report it undefined.",
        };
    }

    [GeneratedRegex(@"(?<![\w./])(?:arXiv:\s?)?(?:(?<new>\d{4}\.\d{4,5})|(?<old>[a-z][a-z\-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?(?![\w])", RegexOptions.IgnoreCase)]
    private static partial Regex ArxivIdPattern();
}
