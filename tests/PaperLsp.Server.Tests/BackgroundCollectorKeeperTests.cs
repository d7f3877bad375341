using PaperLsp.Server.Services;

namespace PaperLsp.Server.Tests;

/// <summary>
/// The keeper starts a background collection in a pause of the editor's requests before the runtime's background
/// collector thread would exit (after 20 s without one), only while the heap is being promoted into, and never while
/// the editor is idle.
/// </summary>
public sealed class BackgroundCollectorKeeperTests
{
    public static TheoryData<double, int, double, bool> Cases => new()
    {
        // seconds since the last generation-2 collection, generation-1 collections since, ms without a request, collect?
        { 5, 4, 1000, false },    // too soon: the thread is there for another 15 s
        { 12, 0, 1000, false },   // nothing promoted since: an idle editor costs nothing
        { 12, 1, 1000, true },    // in use, a long pause
        { 12, 1, 150, true },
        { 12, 1, 149, false },    // before Late only a long pause will do
        { 16.9, 2, 100, false },
        { 17, 2, 100, true },     // late: a short pause will do
        { 17, 2, 29, false },
        { 19.9, 1, 30, true },
        { 17, 1, 0, false },      // a request is running
        { 20, 1, 1000, false },   // the thread has gone: a little promotion is not worth a blocking collection
        { 20, 3, 100, false },    // ... nor a short pause
        { 25, 3, 150, true },     // ... enough promotion, in a long pause
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_from_the_time_since_the_last_full_collection_the_promotion_since_and_the_pause(double seconds, int promotions, double quietMs, bool expected) =>
        Assert.Equal(expected, BackgroundCollectorKeeper.ShouldCollect(TimeSpan.FromSeconds(seconds), promotions, TimeSpan.FromMilliseconds(quietMs)));

    [Fact]
    public void Collects_once_in_the_first_long_pause_after_Early_then_waits_for_the_next_period()
    {
        var clock = new ManualClock();
        var counts = new CollectorCounts(10, 2);
        var quiet = TimeSpan.Zero;
        var collected = 0;
        var keeper = new BackgroundCollectorKeeper(() => counts, () => quiet, () =>
        {
            collected++;
            counts = counts with { Generation1 = counts.Generation1 + 1, Generation2 = counts.Generation2 + 1 };
        }, clock);

        counts = counts with { Generation1 = 13 }; // the editor in use: three generation-1 collections
        clock.Advance(TimeSpan.FromSeconds(11));
        quiet = TimeSpan.FromSeconds(1);
        Assert.False(keeper.Tick());

        clock.Advance(TimeSpan.FromSeconds(2)); // 13 s: but a request is running
        quiet = TimeSpan.Zero;
        Assert.False(keeper.Tick());

        quiet = TimeSpan.FromMilliseconds(200);
        Assert.True(keeper.Tick());
        Assert.Equal(1, collected);
        Assert.Equal(1, keeper.Started);

        // the clock starts again from the collection it started, and there has been no promotion since
        clock.Advance(TimeSpan.FromSeconds(13));
        Assert.False(keeper.Tick());
        counts = counts with { Generation1 = counts.Generation1 + 1 };
        Assert.True(keeper.Tick());
        Assert.Equal(2, collected);
    }

    [Fact]
    public void A_collection_the_runtime_ran_itself_restarts_the_clock()
    {
        var clock = new ManualClock();
        var counts = new CollectorCounts(10, 2);
        var collected = 0;
        var keeper = new BackgroundCollectorKeeper(() => counts, () => TimeSpan.FromSeconds(1), () => collected++, clock);

        clock.Advance(TimeSpan.FromSeconds(10));
        counts = new CollectorCounts(14, 3); // the runtime's own generation-2 collection, 10 s in
        Assert.False(keeper.Tick());

        clock.Advance(TimeSpan.FromSeconds(5)); // 15 s after the start, 5 s after the runtime's collection
        counts = counts with { Generation1 = 16 };
        Assert.False(keeper.Tick());
        clock.Advance(TimeSpan.FromSeconds(7));
        Assert.True(keeper.Tick());
        Assert.Equal(1, collected);
    }

    [Fact]
    public void An_idle_editor_never_gets_a_collection()
    {
        var clock = new ManualClock();
        var collected = 0;
        var keeper = new BackgroundCollectorKeeper(() => new CollectorCounts(10, 2), () => TimeSpan.FromMinutes(5), () => collected++, clock);
        for (var second = 0; second < 600; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.False(keeper.Tick());
        }

        Assert.Equal(0, collected);
    }
}
