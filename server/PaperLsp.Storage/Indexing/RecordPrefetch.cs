using System.Collections.Concurrent;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Indexing;

/// <summary>
/// Reads a source's records on a thread of its own (decompression, parsing and <see cref="PreparedPaper"/>) up to
/// <see cref="Capacity"/> records ahead of the writer, so parsing and SQLite's work overlap on two cores. Records cross
/// between the threads in batches of <see cref="BatchSize"/>: handed over one by one, the two threads woke each other
/// for every record (237k records: ~27 s more CPU, a third of it in the kernel, than without the second thread). One source per
/// instance: pass <see cref="Report"/> as the parser's problem callback and enumerate <see cref="Read"/> once; a reader
/// exception is rethrown to the enumerating thread, and disposing the enumerator early stops the reader.
/// <see cref="Problems"/> is the count of problems up to the last record handed out (all of them once the end is reached),
/// so a chunk's committed problem count never includes problems of records read ahead.
/// </summary>
internal sealed class RecordPrefetch
{
    public const int Capacity = 1024;

    /// <summary>Records per hand-over between the reading thread and the writer.</summary>
    public const int BatchSize = 256;

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
        using var queue = new BlockingCollection<List<PreparedPaper>>((Capacity / BatchSize) - 1); // + the batch being filled
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var reader = new Thread(() =>
        {
            var batch = new List<PreparedPaper>(BatchSize);
            try
            {
                foreach (var paper in papers)
                {
                    batch.Add(PreparedPaper.Of(paper, problemsRead));
                    if (batch.Count == BatchSize)
                    {
                        queue.Add(batch, stop.Token);
                        batch = new List<PreparedPaper>(BatchSize);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                batch.Clear();
            }
            catch (Exception e)
            {
                failure = e; // the records read before it still reach the writer, then the failure
            }
            finally
            {
                try
                {
                    if (batch.Count > 0)
                    {
                        queue.Add(batch, stop.Token);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }

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
            foreach (var batch in queue.GetConsumingEnumerable())
            {
                foreach (var prepared in batch)
                {
                    problemsHanded = prepared.Problems;
                    yield return prepared;
                }
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
