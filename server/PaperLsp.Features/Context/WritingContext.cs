namespace PaperLsp.Features.Context;

/// <summary>
/// The prose around a document offset, as plain text for retrieval. <see cref="Query"/> is what completion sends
/// to the catalog: the words before the cursor in the sentence (with the previous sentence when that is short)
/// and the rest of the sentence, bounded in length. Source offsets bound the sentence and the paragraph in the
/// document (<see cref="SentenceEnd"/> is just after the sentence's final punctuation, when it has one).
/// </summary>
public sealed record WritingContext(
    string Sentence,
    string Paragraph,
    string TextBefore,
    string TextAfter,
    string Query,
    int SentenceStart,
    int SentenceEnd,
    int ParagraphStart,
    int ParagraphEnd)
{
    /// <summary>The fewest words that make <see cref="Sentence"/> a related-papers query of its own.</summary>
    public const int MinRelatedSentenceWords = 8;

    /// <summary>What "related papers" looks up: the sentence when it has at least <see cref="MinRelatedSentenceWords"/> words, else the whole paragraph.</summary>
    public string RelatedQuery => Sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= MinRelatedSentenceWords ? Sentence : Paragraph;
}
