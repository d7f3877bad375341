namespace PaperLsp.Ingestion.Model;

/// <summary>The input formats PaperLsp can ingest.</summary>
public enum SourceFormat
{
    Unknown = 0,
    HuggingFaceHtml,
    HuggingFaceApiJson,
    ListingText,
    ArxivAtom,
    Bibtex,
    CslJson,
    PapersJsonl,

    /// <summary>DBLP publication search API XML (result/hits/hit/info).</summary>
    DblpXml,
}
