using PaperLsp.Ingestion.Model;
using PaperLsp.Storage.Indexing;

namespace PaperLsp.Storage;

/// <summary>BibTeX for stored papers, under their index citation keys.</summary>
public static class BibtexExport
{
    /// <summary>One valid BibTeX entry for the paper, keyed by its citation key.</summary>
    public static string Format(StoredPaper paper) => IngestionBridge.FormatBibtex(paper.Paper, paper.CitationKey);
}
