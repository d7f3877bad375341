using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Catalog;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Completion;
using PaperLsp.Server.Client;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Services;

/// <summary>
/// Speculative citation completion. When an edit leaves the cursor where a key slot is likely to open next (a cite
/// command being typed: <see cref="CitationAnticipation"/>), the completion of that slot — the document with the slot
/// opened — runs once in the background through the same feature code and catalog as the request will, so that the
/// catalog's caches, keyed by the sentence's query text, already hold its ranking, query vector and papers when the
/// '{' arrives; then it prepares what the first typed character of a key reads beyond that
/// (<see cref="CitationCompletion.PrepareTyping"/>). Nothing of the speculative answer is kept but those caches: the
/// request computes its own answer, equal to the one it gets without speculation. At most one runs at a time; an edit
/// whose sentence query differs (or that leaves no slot ahead) cancels it; a completion request for the same query
/// waits for it instead of starting the same work beside it — at the empty slot for the slot's answer, with a key
/// typed also for the preparation. While it runs the background embedder steps aside, as for an editor request.
/// </summary>
internal sealed class CompletionSpeculation(RequestActivity activity, ServerLog log)
{
    private readonly Lock gate = new();
    private Job? current;
    private Task chain = Task.CompletedTask;

    /// <summary>Off: edits never start speculation (tests compare with and without it).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a completion request waits for a running speculation of its sentence.</summary>
    public TimeSpan JoinLimit { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Speculations started, finished (not cancelled) and superseded by a newer edit, so far.</summary>
    public int Started => Volatile.Read(ref started);

    /// <inheritdoc cref="Started"/>
    public int Finished => Volatile.Read(ref finished);

    /// <inheritdoc cref="Started"/>
    public int Superseded => Volatile.Read(ref superseded);

    private int started;
    private int finished;
    private int superseded;

    /// <summary>Completes when the speculation started last (if any) has ended.</summary>
    public Task Idle
    {
        get
        {
            lock (gate)
            {
                return chain;
            }
        }
    }

    /// <summary>
    /// After an edit of an open document: starts speculation when the text before <paramref name="cursor"/> is a cite
    /// command being typed, keeps the running one when the sentence query it anticipates is unchanged, cancels it
    /// otherwise. Cheap when no cite command is being typed and nothing runs (a few characters are read): the sentence's
    /// query is worked out only for a cite command being typed or while a speculation runs.
    /// </summary>
    /// <param name="document">The edited document.</param>
    /// <param name="cursor">Where the edit left the cursor.</param>
    /// <param name="customCiteMacros">The user's cite macros.</param>
    /// <param name="limit">The completion limit.</param>
    /// <param name="bibliography">The bibliography the document's completions draw on (<see cref="DocumentBibliography"/>, as the completion handler's), asked only when a speculation starts.</param>
    public void AfterEdit(OpenDocument document, int cursor, IReadOnlyList<string> customCiteMacros, int limit, Func<WorkspaceBibliography> bibliography)
    {
        if (!Enabled)
        {
            return;
        }

        var snapshot = document.Snapshot;
        var slot = CitationAnticipation.Anticipate(snapshot.Content, cursor, document.Language, customCiteMacros);
        bool running;
        lock (gate)
        {
            running = current is { IsCancelled: false, IsEnded: false };
        }

        if (slot is null && !running)
        {
            return; // no cite command being typed, nothing to keep or cancel: a keystroke costs a few character reads
        }

        var catalog = document.Papers.Catalog;
        // The window as it will read once the slot is typed, copied out once (not the window and then the window with the slot).
        var window = snapshot.WindowAround(cursor, document.Language, slot?.Insert);
        var local = cursor - window.Start;
        var request = slot is null
            ? new CompletionRequest(window.Text, local, document.Language, customCiteMacros, limit) // already in a slot?
            : new CompletionRequest(window.Text, local + slot.Caret, document.Language, customCiteMacros, limit);
        var query = CitationCompletion.QueryAt(request);
        lock (gate)
        {
            if (current is { IsCancelled: false } same && ReferenceEquals(same.Catalog, catalog) && query is not null && same.Query == query)
            {
                return; // the same sentence (typing on in the command name, or the '{' itself): its answer is (being) computed
            }

            if (current is { IsCancelled: false, IsEnded: false } stale)
            {
                stale.Cancel();
                superseded++;
            }

            current = null;
            if (slot is null || string.IsNullOrWhiteSpace(query))
            {
                return;
            }

            var job = new Job(catalog, bibliography(), request, query);
            current = job;
            started++;
            chain = chain.ContinueWith(_ => Run(job), CancellationToken.None, TaskContinuationOptions.DenyChildAttach, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Waits (at most <see cref="JoinLimit"/>) for the speculation running for the sentence of <paramref name="request"/>
    /// on <paramref name="catalog"/>, if one does — for its answer at the slot, and with a key typed (the request reads
    /// what the preparation loads) until it has ended; returns at once otherwise.
    /// </summary>
    public async Task JoinAsync(IPaperCatalog catalog, CompletionRequest request, CancellationToken cancellationToken)
    {
        Job? job;
        lock (gate)
        {
            job = current;
        }

        if (job is null || job.IsEnded || job.IsCancelled || !ReferenceEquals(job.Catalog, catalog) || CitationCompletion.SlotAt(request) is not { } slot || job.Query != slot.Query)
        {
            return;
        }

        try
        {
            await (slot.Typed.Length == 0 ? job.Done : job.Ended).WaitAsync(JoinLimit, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // computed by the request itself
        }
    }

    /// <summary>True when a speculation is running now (not yet ended, preparation included, or cancelled).</summary>
    public bool IsRunning
    {
        get
        {
            lock (gate)
            {
                return current is { IsEnded: false, IsCancelled: false };
            }
        }
    }

    private void Run(Job job)
    {
        try
        {
            if (job.IsCancelled)
            {
                return;
            }

            // The embedder waits before its next model run while this runs, as it does for an editor request.
            using var active = activity.Enter();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var completion = new CitationCompletion(job.Catalog, job.Bibliography);
            completion.Complete(job.Request, job.Token);
            Interlocked.Increment(ref finished);
            var completed = clock.Elapsed.TotalMilliseconds;

            // The slot's answer is in the caches: a request at the slot waiting for it goes on now. Then what the
            // first typed character of a key reads beyond it (while the writer reads the list).
            job.Answered();
            completion.PrepareTyping(job.Request, job.Token);
            log.Debug($"speculative completion of the key slot ahead: {completed:F1} ms, then {clock.Elapsed.TotalMilliseconds - completed:F1} ms preparing for a typed key");
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            log.Debug($"speculative completion failed ({e.GetType().Name}: {e.Message}); the request computes its own answer");
        }
        finally
        {
            job.End();
            job.Dispose();
        }
    }

    /// <summary>One speculation; disposed by <see cref="Run"/> once it has ended (a later <see cref="Cancel"/> is then a no-op).</summary>
    private sealed class Job(IPaperCatalog catalog, WorkspaceBibliography bibliography, CompletionRequest request, string query) : IDisposable
    {
        private readonly CancellationTokenSource cancellation = new();
        private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock state = new();
        private bool cancelled;
        private bool disposed;

        public IPaperCatalog Catalog { get; } = catalog;

        public WorkspaceBibliography Bibliography { get; } = bibliography;

        public CompletionRequest Request { get; } = request;

        public string Query { get; } = query;

        /// <summary>Read only while it runs (before it is disposed).</summary>
        public CancellationToken Token => cancellation.Token;

        /// <summary>Completes once the slot's answer is computed (or the job has ended without it).</summary>
        public Task Done => done.Task;

        /// <summary>Completes once the job has ended, preparation for a typed key included.</summary>
        public Task Ended => ended.Task;

        public bool IsEnded => ended.Task.IsCompleted;

        public bool IsCancelled
        {
            get
            {
                lock (state)
                {
                    return cancelled;
                }
            }
        }

        public void Cancel()
        {
            lock (state)
            {
                cancelled = true;
                if (!disposed)
                {
                    cancellation.Cancel();
                }
            }
        }

        public void Answered() => done.TrySetResult();

        public void End()
        {
            done.TrySetResult();
            ended.TrySetResult();
        }

        public void Dispose()
        {
            lock (state)
            {
                if (!disposed)
                {
                    disposed = true;
                    cancellation.Dispose();
                }
            }
        }
    }
}
