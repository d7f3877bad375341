using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Indexing;

/// <summary>
/// A parsed record with what the writer derives from it alone (identity keys, the record JSON its papers row keeps when
/// the record came from the source being written — see <see cref="StoredRecord.Json"/> —, embedding-text hash), computed ahead on the reading thread; <see cref="Problems"/> counts the source's problems met
/// up to and including this record.
/// </summary>
internal sealed record PreparedPaper(Paper Paper, IReadOnlyList<string> Identities, string RecordJson, string EmbedHash, int Problems)
{
    public static PreparedPaper Of(Paper paper, int problems) => new(
        paper,
        IngestionBridge.IdentityKeys(paper),
        StoredRecord.Json(paper, withSource: false),
        ContentHashing.OfText(ContentHashing.EmbeddingText(paper.Title, paper.Abstract)),
        problems);
}
