namespace PaperLsp.Features.Completion;

/// <summary>
/// A candidate's term counts for local BM25 (<see cref="SentenceMatch.Lexical"/>): its distinct words in first-seen order
/// with their counts, and the document length (title words count twice, the abstract's first
/// <see cref="SentenceMatch.AbstractWords"/> once). Two arrays instead of a dictionary: a keystroke counts the words of
/// each candidate it brings in, and the dictionary's buckets and entries were most of what that allocated; BM25 only
/// walks a candidate's words, it never looks one up.
/// </summary>
internal sealed class WordCounts(string[] words, int[] counts, int length)
{
    /// <summary>The distinct words, in the order first seen.</summary>
    public string[] Words { get; } = words;

    /// <summary>The count of each of <see cref="Words"/>.</summary>
    public int[] Counts { get; } = counts;

    /// <summary>The document length: the sum of <see cref="Counts"/>.</summary>
    public int Length { get; } = length;
}
