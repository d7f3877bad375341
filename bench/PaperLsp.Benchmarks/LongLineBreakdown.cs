using System.Diagnostics;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Context;
using PaperLsp.Features.Hover;
using PaperLsp.Features.Text;
using PaperLsp.Retrieval;
using PaperLsp.Server.Documents;
using PaperLsp.Server.Protocol;
using PaperLsp.Storage;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>longline --breakdown</c>: where the time of a keystroke goes on the one-line document, in process (no JSON, no
/// pipes): applying an incremental change, the hover the session sends after each keystroke, the citation site, the
/// writing context, the scan of every citation, and a whole completion, each on a new version of the text, timed apart
/// (p50/p90 of the repetitions), with the garbage collector's gen-2 count and pause time. As the server does, the text is
/// a <see cref="ChunkedText"/> carried from version to version and the features read the window around the cursor
/// (<see cref="CursorWindow"/>); "every citation of the text" materialises and scans the whole text (what diagnostics do,
/// debounced, off the keystroke path).
/// </summary>
internal static class LongLineBreakdown
{
    public static void Run(string index, LongLineDocument document, int repetitions)
    {
        using var store = PaperStore.Open(index, createIfMissing: false);
        using var catalog = new HybridPaperCatalog(store, null, lexical: LexicalIndexing.Immediate).WithVectorsLoaded();
        var bibliography = new WorkspaceBibliography();
        var recorder = new LatencyRecorder();
        var text = ChunkedText.From(document.Text);
        LineIndex? lines = new LineIndex(text);
        var middle = document.SentenceBoundaryAfter(text.Length / 2);
        var pauses = GC.GetTotalPauseDuration();
        var gen2 = GC.CollectionCount(2);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        foreach (var at in new[] { middle, document.Text.LastIndexOf("\\end{document}", StringComparison.Ordinal) })
        {
            var cursor = at;
            var knownStart = -1;
            foreach (var typed in "Prior work \\citep{".Concat(Enumerable.Repeat('x', repetitions)))
            {
                var position = lines!.ToPosition(cursor);
                var change = new TextDocumentContentChangeEvent { Range = new PaperLsp.Server.Protocol.Range(position, position), Text = typed.ToString() };
                text = Time(recorder, "apply one change (chunks + line index)", () => DocumentEditor.TryApply(text, ref lines, [change], out _)!);
                cursor++;
                var window = Time(recorder, "window around the cursor", () => CursorWindow.Around(text, cursor, DocumentLanguage.Latex, knownStart));
                knownStart = window.Start; // carried as the server carries it (the edits are after it)
                var local = cursor - window.Start;
                Time(recorder, "hover at the cursor", () => new HoverCardBuilder(catalog, bibliography).Build(window.Text, local, DocumentLanguage.Latex));
                Time(recorder, "citation site at the cursor", () => CitationSiteFinder.Find(window.Text, local, DocumentLanguage.Latex));
                Time(recorder, "writing context at the cursor", () => WritingContextExtractor.Extract(window.Text, local, DocumentLanguage.Latex));
                var site = window.Text.LastIndexOf("\\citep{", local, StringComparison.Ordinal) + "\\citep{".Length;
                Time(recorder, "completion at the \\citep{", () => new CitationCompletion(catalog, bibliography).Complete(new CompletionRequest(window.Text, site, DocumentLanguage.Latex)));
                var version = text;
                Time(recorder, "every citation of the text (materialised)", () => CitationScanner.FindAll(version.ToString(), DocumentLanguage.Latex));
            }
        }

        Console.WriteLine($"in process, {text.Length / 1e6:F2} M chars, one line; {wall.Elapsed.TotalSeconds:F1} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s CPU; "
            + $"gen-2 collections {GC.CollectionCount(2) - gen2}, GC pauses {(GC.GetTotalPauseDuration() - pauses).TotalMilliseconds:F0} ms; load average {EndToEndBenchmark.LoadAverage()}");
        recorder.Print(Console.Out);
    }

    private static T Time<T>(LatencyRecorder recorder, string name, Func<T> action)
    {
        var clock = Stopwatch.StartNew();
        var result = action();
        recorder.Add(name, clock.Elapsed.TotalMilliseconds, 0);
        return result;
    }
}
