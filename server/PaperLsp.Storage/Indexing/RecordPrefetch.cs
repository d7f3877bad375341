using System.Collections.Concurrent;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Indexing;

/// <summary>
/// Reads a source's records on a thread of its own (decompression, parsing and <see cref="PreparedPaper"/>) up to
/// <see cref="Capacity"/> records ahead of the writer, so parsing and SQLite's work overlap on two cores. One source per
/// instance: pass <see cref="Report"/> as the parser's problem callback and enumerate <see cref="Read"/> once; a reader
/// exception is rethrown to the enumerating thread, and disposing the enumerator early stops the reader.
/// <see cref="Problems"/> is the count of problems up to the last record handed out (all of them once the end is reached),
/// so a chunk's committed problem count never includes problems of records read ahead.
/// </summary>
internal sealed class RecordPrefetch
{
    public const int Capacity = 1024;

    private readonly Action<ParseProblem> report;
    private int problemsRead;
    private volatile int problemsHanded;

    /// <param name="report">Where each problem goes (in order, on the thread that parses).</param>
    public RecordPrefetch(Action<ParseProblem> report) => this.report = report;

    /// <summary>The problem callback to give the parser of this source.</summary>
    public void Report(ParseProblem problem)
    {
        problemsRead++;
        report(problem);
    }

    /// <summary>Problems met up to the last record handed out (every problem once enumeration completed).</summary>
    public int Problems => problemsHanded;

    /// <summary>The records of <paramref name="papers"/> (a lazy parser reporting to <see cref="Report"/>), prepared ahead.</summary>
    public IEnumerable<PreparedPaper> Read(IEnumerable<Paper> papers)
    {
        using var queue = new BlockingCollection<PreparedPaper>(Capacity);
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                foreach (var paper in papers)
                {
                    queue.Add(PreparedPaper.Of(paper, problemsRead), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                queue.CompleteAdding();
            }
        })
        {
            IsBackground = true,
            Name = "paperlsp index reader",
        };
        reader.Start();
        try
        {
            foreach (var prepared in queue.GetConsumingEnumerable())
            {
                problemsHanded = prepared.Problems;
                yield return prepared;
            }

            reader.Join();
            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            problemsHanded = problemsRead;
        }
        finally
        {
            stop.Cancel();
            reader.Join();
        }
    }
}
