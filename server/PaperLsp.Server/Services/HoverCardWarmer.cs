using PaperLsp.Features.Citations;
using PaperLsp.Features.Hover;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Services;

/// <summary>
/// Builds the hover cards a writer is about to ask for — the keys cited in open documents, and the completion item just
/// resolved (the one the editor shows as selected) — into the paper service's card cache, so that a hover finds its card
/// built. It works on one background thread at the lowest CPU priority, one card at a time, each only once no editor
/// request is in flight (<see cref="RequestActivity.WaitUntilIdle"/>); a card the cache holds for the current catalog
/// and .bib is skipped, so a new catalog snapshot (e.g. once its vectors are loaded) or a .bib change gets its cards
/// built again. Cards are built by the same <see cref="HoverCardBuilder"/> a hover uses.
/// </summary>
internal sealed class HoverCardWarmer : IDisposable
{
    /// <summary>The most cited keys built per pass over the open documents.</summary>
    public const int MaxKeysPerPass = 300;

    private readonly ServerServices services;
    private readonly PaperService papers;
    private readonly AutoResetEvent signal = new(false);
    private readonly CancellationTokenSource disposing = new();
    private readonly Lock gate = new();
    private readonly List<string> preferred = [];
    private Thread? thread;

    public HoverCardWarmer(ServerServices services, PaperService papers)
    {
        this.services = services;
        this.papers = papers;
    }

    /// <summary>Cards built by this warmer so far (for tests and logs).</summary>
    public int Built => Volatile.Read(ref built);

    private int built;

    /// <summary>Asks for a pass over the keys cited in the open documents (returns at once).</summary>
    public void Request() => Wake();

    /// <summary>Asks for the card of <paramref name="key"/> first, then a pass over the open documents (returns at once).</summary>
    public void Prefer(string key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return;
        }

        lock (gate)
        {
            preferred.Remove(key);
            preferred.Add(key);
            if (preferred.Count > 16)
            {
                preferred.RemoveAt(0);
            }
        }

        Wake();
    }

    private void Wake()
    {
        if (disposing.IsCancellationRequested)
        {
            return;
        }

        lock (gate)
        {
            if (thread is null)
            {
                thread = new Thread(Loop) { IsBackground = true, Name = "paperlsp-hover-cards" };
                thread.Start();
            }
        }

        signal.Set();
    }

    private void Loop()
    {
        PaperLsp.Embeddings.Runtime.BackgroundPriority.LowerCurrentThread();
        var token = disposing.Token;
        while (!token.IsCancellationRequested)
        {
            signal.WaitOne();
            try
            {
                RunPass(token);
            }
            catch (OperationCanceledException)
            {
                // disposed
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // only a head start: the hover builds (and reports) the card itself
                services.Log.Debug($"hover cards not built ahead ({e.GetType().Name}: {e.Message})");
            }
        }
    }

    /// <summary>
    /// Builds the missing cards: the preferred keys (newest first), then the keys cited in open documents; returns how
    /// many were built (at most <paramref name="maxBuilt"/>; the rest are left to a later pass).
    /// </summary>
    internal int RunPass(CancellationToken cancellationToken, int maxBuilt = int.MaxValue)
    {
        var count = 0;
        foreach (var key in KeysToWarm())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (count >= maxBuilt)
            {
                break;
            }

            var catalog = papers.Catalog;
            var bibliography = papers.Bibliography;
            var cache = papers.HoverCards;
            if (cache.Contains(catalog, bibliography, key))
            {
                continue;
            }

            services.Activity.WaitUntilIdle(cancellationToken);
            new HoverCardBuilder(catalog, bibliography) { Cache = cache }.BuildMarkdown(key, includeRelated: true, cancellationToken);
            Interlocked.Increment(ref built);
            count++;
        }

        return count;
    }

    private IEnumerable<string> KeysToWarm()
    {
        List<string> first;
        lock (gate)
        {
            first = [.. preferred];
            preferred.Clear();
        }

        first.Reverse();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in first.Where(seen.Add))
        {
            yield return key;
        }

        var workspace = services.CurrentWorkspace;
        var cited = 0;
        foreach (var document in workspace.Documents.Values)
        {
            if (DocumentPaths.LanguageOf(document) is not { } language)
            {
                continue;
            }

            foreach (var key in CitationScanner.CitedKeys(document.Text, language, workspace.Settings.CustomCiteMacros))
            {
                if (!seen.Add(key))
                {
                    continue;
                }

                if (++cited > MaxKeysPerPass)
                {
                    yield break;
                }

                yield return key;
            }
        }
    }

    public void Dispose()
    {
        disposing.Cancel();
        signal.Set();
    }
}
