namespace PaperLsp.Features.Completion;

/// <summary>
/// The names a writing context uses (acronyms, CamelCase or hyphenated names, mid-sentence capitalised words and runs
/// of them), as completion's name match reads them (<see cref="SentenceMatch.Names"/>), joined into one query text for
/// retrieval: the catalog ranks titles by these words alone beside the whole sentence.
/// </summary>
public static class ContextNames
{
    /// <summary>The names in <paramref name="text"/> separated by spaces, each once (empty when there are none).</summary>
    public static string QueryOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in SentenceMatch.Names(text, 1.0).Keys)
        {
            foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (seen.Add(word))
                {
                    words.Add(word);
                }
            }
        }

        return string.Join(' ', words);
    }
}
