using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Tests;

/// <summary>
/// Background embedding steps aside for the editor's requests: <see cref="RequestActivity"/> counts read-only requests in
/// flight, and the embedder's wait before each model run lasts while one runs (bounded by MaxWait).
/// </summary>
public sealed class RequestActivityTests
{
    [Fact]
    public async Task A_wait_lasts_while_a_request_runs_and_ends_when_it_has_answered()
    {
        var activity = new RequestActivity { MaxWait = TimeSpan.FromMinutes(5), Quiet = TimeSpan.Zero };
        var request = activity.Enter();
        Assert.Equal(1, activity.InFlight);
        var waiter = Task.Factory.StartNew(() => activity.WaitWhileBusy(CancellationToken.None), TaskCreationOptions.LongRunning);

        // The request ends only once the waiter is inside the wait (ending it before the thread got there is no wait).
        Assert.True(SpinWait.SpinUntil(() => activity.Waiters == 1, TimeSpan.FromMinutes(1)), "the waiter never started waiting");
        Assert.False(waiter.IsCompleted);

        request.Dispose();
        Assert.True(await waiter.WaitAsync(TimeSpan.FromMinutes(2))); // it waited, and the request's end released it
        Assert.Equal(0, activity.InFlight);
        Assert.Equal(1, activity.Yields);
        Assert.Equal(0, activity.Waiters);
    }

    [Fact]
    public void No_wait_when_no_request_runs()
    {
        var activity = new RequestActivity { Quiet = TimeSpan.Zero };
        using (activity.Enter())
        {
        }

        Assert.False(activity.WaitWhileBusy(CancellationToken.None));
        Assert.Equal(0, activity.Yields);
    }

    [Fact]
    public void A_request_that_never_ends_holds_background_work_back_only_until_MaxWait()
    {
        var activity = new RequestActivity { MaxWait = TimeSpan.FromMilliseconds(50) };
        using var stuck = activity.Enter();
        Assert.True(activity.WaitWhileBusy(CancellationToken.None)); // returns (after MaxWait) although the request still runs
        Assert.Equal(1, activity.InFlight);
    }

    [Fact]
    public async Task Waiting_until_idle_outlasts_MaxWait_ends_when_the_request_has_answered_and_counts_no_yield()
    {
        var activity = new RequestActivity { MaxWait = TimeSpan.FromMilliseconds(1), Quiet = TimeSpan.Zero };
        var request = activity.Enter();
        var waiter = Task.Factory.StartNew(() => activity.WaitUntilIdle(CancellationToken.None), TaskCreationOptions.LongRunning);
        await Task.Delay(100); // far past MaxWait: still waiting (a head start never runs beside a request)
        Assert.False(waiter.IsCompleted);

        request.Dispose();
        await waiter.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(0, activity.Yields);

        using var running = activity.Enter();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => activity.WaitUntilIdle(cancelled.Token));
    }

    [Fact]
    public void Quiet_time_is_zero_while_a_request_runs_and_grows_once_it_ended()
    {
        var activity = new RequestActivity();
        var request = activity.Enter();
        Assert.Equal(TimeSpan.Zero, activity.QuietFor);
        request.Dispose();
        var ended = activity.QuietFor;
        Thread.Sleep(20);
        Assert.True(activity.QuietFor >= ended + TimeSpan.FromMilliseconds(15), $"quiet {activity.QuietFor} after {ended}");
        using (activity.Enter())
        {
            Assert.Equal(TimeSpan.Zero, activity.QuietFor);
        }
    }

    [Fact]
    public void A_cancelled_wait_returns()
    {
        var activity = new RequestActivity { MaxWait = TimeSpan.FromMinutes(5) };
        using var running = activity.Enter();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.False(activity.WaitWhileBusy(cancelled.Token));
    }

    [Fact]
    public async Task The_server_counts_a_read_only_request_while_it_runs()
    {
        var gate = new TaskCompletionSource();
        var services = new TaskCompletionSource<Requests.ServerServices>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With(r => r.Add(new ServicesProbeHandler("test/probe", services, gate.Task))));
        var response = client.RequestAsync("test/probe", null);
        var activity = (await services.Task.WaitAsync(TimeSpan.FromMinutes(1))).Activity;
        Assert.Equal(1, activity.InFlight);

        gate.SetResult();
        await response.WaitAsync(TimeSpan.FromMinutes(1));
        // the count drops when the entry has finished, right after the answer was handed to the transport
        var waited = Task.Run(() => { while (activity.InFlight > 0) { Thread.Sleep(5); } });
        await waited.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, activity.InFlight);
    }

    [Fact]
    public async Task Waiting_for_a_requests_end_returns_when_one_ends_or_after_the_longest_wait()
    {
        var activity = new RequestActivity();
        var seen = activity.Ended;
        Assert.False(activity.WaitForEnd(seen, TimeSpan.FromMilliseconds(20), CancellationToken.None)); // none ended

        var request = activity.Enter();
        var waiter = Task.Factory.StartNew(() => activity.WaitForEnd(seen, TimeSpan.FromMinutes(5), CancellationToken.None), TaskCreationOptions.LongRunning);
        await Task.Delay(100);
        Assert.False(waiter.IsCompleted); // the request still runs
        request.Dispose();
        Assert.True(await waiter.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(seen + 1, activity.Ended);
        Assert.True(activity.WaitForEnd(seen, TimeSpan.Zero, CancellationToken.None)); // already past it
    }

    [Fact]
    public async Task A_long_wait_for_a_requests_end_is_woken_by_its_cancellation()
    {
        var activity = new RequestActivity();
        using var stop = new CancellationTokenSource();
        var waiter = Task.Factory.StartNew(() => activity.WaitForEnd(activity.Ended, TimeSpan.FromHours(1), stop.Token), TaskCreationOptions.LongRunning);
        await Task.Delay(100);
        Assert.False(waiter.IsCompleted); // nothing ended, nothing cancelled: it sleeps
        await stop.CancelAsync();
        // the cancellation wakes it (a wait that slept its whole hour would fail this after a minute)
        await Assert.ThrowsAsync<OperationCanceledException>(() => waiter.WaitAsync(TimeSpan.FromMinutes(1)));
    }
}
