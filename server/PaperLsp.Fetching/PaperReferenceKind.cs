namespace PaperLsp.Fetching;

/// <summary>What a user-given paper reference points at, and so where its metadata is fetched from.</summary>
public enum PaperReferenceKind
{
    /// <summary>An arXiv id or arXiv URL (or the arXiv DOI 10.48550/arXiv.…): the arXiv API's Atom entry.</summary>
    Arxiv,

    /// <summary>A Hugging Face paper page URL: the Hugging Face paper API (upvotes, AI summary, code link).</summary>
    HuggingFace,

    /// <summary>Any other DOI: doi.org content negotiation for BibTeX (Crossref/DataCite answer through it).</summary>
    Doi,
}
