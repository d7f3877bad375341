using Microsoft.Data.Sqlite;
using PaperLsp.Storage;
using PaperLsp.TestSupport;

namespace PaperLsp.Fetching.Tests;

/// <summary>A local fixture server, an index in a temporary folder, and fetch options pointing at the server whose waits are recorded, not slept.</summary>
internal sealed class FetchHarness : IAsyncDisposable
{
    private readonly List<TimeSpan> sleeps = [];

    public FetchHarness(FixtureSite? site = null)
    {
        Site = site ?? new FixtureSite();
        Server = new LocalHttpServer(Site.Handle);
        Root = Path.Combine(Path.GetTempPath(), "paperlsp-fetch-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Store = PaperStore.Open(Path.Combine(Root, "index.db"));
        Cache = ResponseCache.ForIndex(Store.Path);
        Options = new FetchOptions
        {
            HuggingFaceUrl = Server.BaseUrl,
            ArxivUrl = Server.BaseUrl,
            DoiUrl = Server.BaseUrl,
            RequestDelay = TimeSpan.FromHours(1),
            ArxivDelay = TimeSpan.FromHours(3),
            InitialBackoff = TimeSpan.FromSeconds(2),
            RequestTimeout = TimeSpan.FromSeconds(20),
            Sleep = (delay, _) =>
            {
                lock (sleeps)
                {
                    sleeps.Add(delay);
                }

                return Task.CompletedTask;
            },
        };
    }

    public FixtureSite Site { get; }

    public LocalHttpServer Server { get; }

    public string Root { get; }

    public PaperStore Store { get; }

    public ResponseCache Cache { get; }

    public FetchOptions Options { get; set; }

    /// <summary>The waits the client asked for so far (pauses between requests and backoffs).</summary>
    public IReadOnlyList<TimeSpan> Sleeps
    {
        get
        {
            lock (sleeps)
            {
                return [.. sleeps];
            }
        }
    }

    public HuggingFaceDailySync Sync(PoliteHttpClient client) => new(client, Options, Cache);

    public PaperAdder Adder(PoliteHttpClient client) => new(client, Options, Cache);

    public static byte[] Fixture(string relative) => File.ReadAllBytes(SharedData.RequireOrSkip(Path.Combine("fixtures", relative)));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a file still open on a slow machine: the temp folder is cleaned up later
        }
    }
}
