namespace PaperLsp.Features.Context;

/// <summary>Splits plain prose into sentences: [start, end) ranges, end after the final punctuation.</summary>
internal static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "al", "e.g", "i.e", "eg", "ie", "fig", "figs", "eq", "eqs", "sec", "secs", "tab", "vs", "cf", "etc", "resp", "approx",
        "dr", "mr", "ms", "no", "vol", "pp", "p", "ch", "app", "thm", "def", "lem", "ref", "refs", "viz", "w.r.t", "wrt", "incl",
    };

    public static List<(int Start, int End)> Split(string text)
    {
        var sentences = new List<(int Start, int End)>();
        var start = SkipSpaces(text, 0);
        var i = start;
        while (i < text.Length)
        {
            var ch = text[i];
            if (ch is '.' or '!' or '?' && IsSentenceEnd(text, i))
            {
                var end = i + 1;
                while (end < text.Length && text[end] is '.' or '!' or '?' or '"' or '\'' or ')' or '”' or '’')
                {
                    end++;
                }

                if (end > start)
                {
                    sentences.Add((start, end));
                }

                start = SkipSpaces(text, end);
                i = start;
                continue;
            }

            i++;
        }

        var last = text.Length;
        while (last > start && char.IsWhiteSpace(text[last - 1]))
        {
            last--;
        }

        if (last > start)
        {
            sentences.Add((start, last));
        }

        return sentences;
    }

    private static bool IsSentenceEnd(string text, int i)
    {
        var next = i + 1;
        while (next < text.Length && text[next] is '.' or '!' or '?' or '"' or '\'' or ')' or '”' or '’')
        {
            next++;
        }

        if (next >= text.Length)
        {
            return true;
        }

        if (!char.IsWhiteSpace(text[next]))
        {
            return false; // 3.5, e.g., arXiv:2312.1
        }

        if (text[i] != '.')
        {
            return true;
        }

        var wordStart = i;
        while (wordStart > 0 && !char.IsWhiteSpace(text[wordStart - 1]) && text[wordStart - 1] is not ('(' or '['))
        {
            wordStart--;
        }

        var word = text[wordStart..i];
        if (Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0])))
        {
            return false; // "et al. (2020)", "Fig. 3", "J. Smith"
        }

        var after = SkipSpaces(text, next);
        return after >= text.Length || !char.IsLower(text[after]);
    }

    private static int SkipSpaces(string text, int from)
    {
        while (from < text.Length && char.IsWhiteSpace(text[from]))
        {
            from++;
        }

        return from;
    }
}
