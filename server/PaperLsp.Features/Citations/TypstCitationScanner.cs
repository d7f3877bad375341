namespace PaperLsp.Features.Citations;

/// <summary>Finds Typst references <c>@key</c> and <c>#cite(&lt;key&gt;)</c> calls outside raw text and comments.</summary>
internal static class TypstCitationScanner
{
    public static List<CitationCommand> Scan(string text)
    {
        var excluded = CodeRegions.Typst(text);
        var result = new List<CitationCommand>();
        for (var i = 0; i < text.Length; i++)
        {
            if (excluded[i])
            {
                continue;
            }

            if (text[i] == '@' && (i == 0 || !(char.IsLetterOrDigit(text[i - 1]) || text[i - 1] is '\\' or '_' or '.' or '@')))
            {
                var end = ReadKeyEnd(text, i + 1);
                var span = new CitationKeySpan(text[(i + 1)..end], i + 1, end, i + 1, end);
                result.Add(new CitationCommand(CitationSyntax.TypstReference, "@", i, end, [span], true));
                i = Math.Max(i, end - 1);
                continue;
            }

            if (text[i] == '#' && string.CompareOrdinal(text, i, "#cite(", 0, 6) == 0)
            {
                var k = i + 6;
                while (k < text.Length && text[k] is ' ' or '\t')
                {
                    k++;
                }

                if (k >= text.Length || text[k] != '<')
                {
                    continue;
                }

                var keyStart = k + 1;
                var keyEnd = ReadKeyEnd(text, keyStart);
                var closed = keyEnd < text.Length && text[keyEnd] == '>';
                var end = keyEnd;
                if (closed)
                {
                    var paren = text.IndexOfAny([')', '\n'], keyEnd);
                    end = paren >= 0 && text[paren] == ')' ? paren + 1 : keyEnd + 1;
                }

                var span = new CitationKeySpan(text[keyStart..keyEnd], keyStart, keyEnd, keyStart, keyEnd);
                result.Add(new CitationCommand(CitationSyntax.TypstCiteCall, "#cite", i, end, [span], closed));
                i = Math.Max(i, end - 1);
            }
        }

        return result;
    }

    private static int ReadKeyEnd(string text, int start)
    {
        var k = start;
        while (k < text.Length && (char.IsLetterOrDigit(text[k]) || text[k] is '_' or '-' or ':' or '.'))
        {
            k++;
        }

        while (k > start && text[k - 1] is '.' or ':')
        {
            k--; // sentence punctuation after a reference is not part of the key
        }

        return k;
    }
}
