using PaperLsp.Features.Text;
using PaperLsp.Server.Documents;

namespace PaperLsp.Server.Services;

/// <summary>file: URIs ↔ local paths, and the citation syntax of a document.</summary>
internal static class DocumentPaths
{
    /// <summary>The local path of a file: URI, or null for other schemes and malformed URIs.</summary>
    public static string? ToPath(string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
        {
            return null;
        }

        try
        {
            return Path.GetFullPath(parsed.LocalPath);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    /// <summary>The file: URI of a local path.</summary>
    public static string ToUri(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    /// <summary>The path used for a document in feature code: its local path, or the URI itself for other schemes.</summary>
    public static string PathOrUri(string uri) => ToPath(uri) ?? uri;

    /// <summary>True for BibTeX documents (by language id or extension).</summary>
    public static bool IsBibliography(TextDocumentSnapshot document) =>
        document.LanguageId is "bibtex" or "bib" or "biblatex"
        || document.Uri.EndsWith(".bib", StringComparison.OrdinalIgnoreCase);

    /// <summary>The citation syntax of a document by language id, then extension; null for documents without citations (e.g. .bib).</summary>
    public static DocumentLanguage? LanguageOf(TextDocumentSnapshot document)
    {
        if (IsBibliography(document))
        {
            return null;
        }

        switch (document.LanguageId.ToLowerInvariant())
        {
            case "latex" or "tex" or "plaintex" or "context" or "latex-expl3" or "rsweave" or "doctex":
                return DocumentLanguage.Latex;
            case "markdown" or "pandoc" or "quarto" or "rmd" or "rmarkdown" or "mdx":
                return DocumentLanguage.Markdown;
            case "typst":
                return DocumentLanguage.Typst;
        }

        var extension = Path.GetExtension(document.Uri).ToLowerInvariant();
        return extension switch
        {
            ".tex" or ".ltx" or ".sty" or ".cls" or ".rnw" => DocumentLanguage.Latex,
            ".md" or ".markdown" or ".qmd" or ".rmd" => DocumentLanguage.Markdown,
            ".typ" => DocumentLanguage.Typst,
            _ => DocumentLanguage.PlainText,
        };
    }
}
