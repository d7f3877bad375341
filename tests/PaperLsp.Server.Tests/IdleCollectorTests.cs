using PaperLsp.Server.Requests;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Tests;

/// <summary>
/// The idle collector runs the young-generation collection the heap is about to need in a pause of the requests: it
/// learns the runtime's budget from the runtime's own collections and the reserve from what was allocated between its
/// looks, never collects before it knows the budget, and costs an idle editor nothing.
/// </summary>
public sealed class IdleCollectorTests
{
    private const long MiB = 1 << 20;

    public static TheoryData<long, long, long, bool> Cases => new()
    {
        // bytes since the last collection, budget, reserve, collect?
        { 3 * MiB, 0, MiB, false },              // no budget learnt yet
        { 1 * MiB, 4 * MiB, MiB, false },        // far from the budget
        { 3 * MiB, 4 * MiB, MiB, true },         // the next stretch could reach it
        { 3 * MiB - 1, 4 * MiB, MiB, false },
        { MiB - 1, 4 * MiB, 8 * MiB, false },    // a huge reserve: not before a quarter of the budget
        { MiB, 4 * MiB, 8 * MiB, true },
        { 5 * MiB, 4 * MiB, 0, true },           // past the budget already (the runtime's budget grew): collect
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_from_the_bytes_since_the_last_collection_the_budget_and_the_reserve(long since, long budget, long reserve, bool expected) =>
        Assert.Equal(expected, IdleCollector.ShouldCollect(since, budget, reserve));

    [Fact]
    public void Learns_the_budget_from_the_runtimes_own_collection_then_collects_before_the_next_would_land_in_a_request()
    {
        var heap = new FakeHeap();
        var collector = new IdleCollector(() => heap.Counts, () => heap.Allocated, heap.Collect);

        // Requests allocate 0.5 MiB each; the runtime collects on its own after 4 MiB.
        for (var request = 0; request < 8; request++)
        {
            heap.Allocate(MiB / 2);
            if (request == 7)
            {
                heap.RuntimeCollects();
            }

            Assert.False(collector.Tick()); // nothing learnt before the runtime's own collection
        }

        Assert.Equal(4 * MiB, collector.Budget);
        Assert.Equal(MiB / 2, collector.Reserve);

        // From there it collects itself once 3.5 MiB are allocated: the next 0.5 MiB could reach the budget.
        var requests = 0;
        while (!collector.Tick())
        {
            heap.Allocate(MiB / 2);
            requests++;
            Assert.True(requests < 20, "it never collected");
        }

        Assert.Equal(7, requests);
        Assert.Equal(1, heap.Induced);
        Assert.Equal(1, collector.Started);
        Assert.Equal(1, heap.ByRuntime); // the runtime never had to collect in a request again
    }

    [Fact]
    public void A_full_collection_or_two_in_one_stretch_teach_no_budget()
    {
        var heap = new FakeHeap();
        var collector = new IdleCollector(() => heap.Counts, () => heap.Allocated, heap.Collect);
        heap.Allocate(MiB);
        heap.RuntimeCollects(full: true); // a generation-2 collection (the background keeper's, say) is not the budget
        Assert.False(collector.Tick());
        heap.Allocate(MiB);
        heap.RuntimeCollects();
        heap.RuntimeCollects(); // two in one stretch: the bytes between them are unknown
        Assert.False(collector.Tick());
        Assert.Equal(0, collector.Budget);

        heap.Allocate(3 * MiB);
        heap.RuntimeCollects();
        Assert.False(collector.Tick());
        Assert.Equal(3 * MiB, collector.Budget);
    }

    [Fact]
    public void An_idle_editor_never_gets_a_collection()
    {
        var heap = new FakeHeap();
        var collector = new IdleCollector(() => heap.Counts, () => heap.Allocated, heap.Collect);
        heap.Allocate(2 * MiB);
        heap.RuntimeCollects();
        Assert.False(collector.Tick()); // learns: a 2 MiB budget, 2 MiB between looks
        heap.Allocate(MiB);
        Assert.True(collector.Tick()); // 1 MiB since, and the next stretch may allocate 2
        for (var look = 0; look < 1000; look++)
        {
            Assert.False(collector.Tick()); // nothing allocated since: nothing to collect
        }

        Assert.Equal(1, heap.Induced);
    }

    [Fact]
    public async Task Its_loop_looks_only_once_the_request_has_ended_and_then_collects()
    {
        var activity = new RequestActivity();
        var heap = new FakeHeap();
        using var collected = new SemaphoreSlim(0);
        using var collector = new IdleCollector(() => heap.Counts, () => heap.Allocated, () =>
        {
            heap.Collect();
            collected.Release();
        });
        heap.Allocate(MiB);
        heap.RuntimeCollects();
        Assert.False(collector.Tick()); // a 1 MiB budget learnt
        var loop = collector.RunOn(activity);

        // A request allocates 0.9 MiB of the budget; while it runs (longer than the loop's poll) nothing is collected.
        var request = activity.Enter();
        heap.Allocate(MiB * 9 / 10);
        Assert.False(await collected.WaitAsync(IdleCollector.Poll * 2), "collected while a request ran");
        request.Dispose();

        Assert.True(await collected.WaitAsync(TimeSpan.FromMinutes(1)), "no collection after the request ended");
        Assert.Equal(1, heap.Induced);
        collector.Dispose();
        await loop.WaitAsync(TimeSpan.FromMinutes(1));
    }

    private sealed class FakeHeap
    {
        private int all;
        private int full;

        public long Allocated { get; private set; }

        public int Induced { get; private set; }

        public int ByRuntime { get; private set; }

        public CollectorCounts Counts => new(0, full, all);

        public void Allocate(long bytes) => Allocated += bytes;

        public void RuntimeCollects(bool full = false)
        {
            all++;
            ByRuntime++;
            if (full)
            {
                this.full++;
            }
        }

        public void Collect()
        {
            all++;
            Induced++;
        }
    }
}
