using System.Runtime.CompilerServices;
using PaperLsp.Server.Documents;

namespace PaperLsp.Server.Services;

/// <summary>Line indexes of texts that are not open documents (workspace .bib files), kept as long as the text instance lives.</summary>
internal static class LineIndexCache
{
    private static readonly ConditionalWeakTable<string, LineIndex> Indexes = new();

    public static LineIndex For(string text) => Indexes.GetValue(text, t => new LineIndex(t));
}
