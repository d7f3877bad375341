using PaperLsp.Storage;

namespace PaperLsp.Retrieval;

/// <summary>
/// The one policy for the catalog's fast lexical search: the memory-mapped postings file beside the index when it
/// matches the index, else written anew (then mapped); where the file cannot be written (a read-only folder), the
/// postings are built in memory instead.
/// </summary>
internal static class PersistedLexical
{
    public static ILexicalSearch OpenOrWrite(PaperStore store, CancellationToken cancellationToken)
    {
        var path = LexicalPostingsFile.PathFor(store.Path);
        if (MappedLexicalIndex.OpenIfCurrent(store, path) is { } current)
        {
            return current;
        }

        try
        {
            LexicalPostingsFile.Write(store, path, cancellationToken);
            return MappedLexicalIndex.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return LexicalIndex.Build(store, cancellationToken);
        }
    }
}
