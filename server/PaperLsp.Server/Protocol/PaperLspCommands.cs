namespace PaperLsp.Server.Protocol;

/// <summary>The workspace/executeCommand commands the server announces.</summary>
public static class PaperLspCommands
{
    public const string Search = "paperlsp.search";
    public const string Related = "paperlsp.related";
    public const string InsertCitation = "paperlsp.insertCitation";
    public const string Reindex = "paperlsp.reindex";

    /// <summary>Appends an index paper's BibTeX entry to the document's bibliography (run by completion items).</summary>
    public const string AddBibEntry = "paperlsp.addBibEntry";

    /// <summary>
    /// Tells the server that the editor applied a code action's BibTeX entry ({uri, key, bibPath}), so that it is not
    /// appended again before the server sees the .bib change (run by "Cite related" actions after their edit).
    /// </summary>
    public const string BibEntryApplied = "paperlsp.bibEntryApplied";

    /// <summary>Fetches papers by arXiv id/URL, Hugging Face paper URL or DOI, indexes them, and cites them when given a place (the only command that uses the network).</summary>
    public const string AddPaper = "paperlsp.addPaper";

    /// <summary>All of them, in the order announced.</summary>
    public static IReadOnlyList<string> All { get; } = [Search, Related, InsertCitation, Reindex, AddBibEntry, BibEntryApplied, AddPaper];
}
