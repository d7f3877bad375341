using System.Threading.Channels;

namespace PaperLsp.Server.Queue;

/// <summary>
/// Runs posted callbacks one at a time in the order they were posted. StreamJsonRpc posts each incoming
/// message's dispatch here in the order it read them, so our entry points see messages in wire order and can
/// put them in the request queue in that order (they only enqueue, never block).
/// </summary>
internal sealed class OrderedSynchronizationContext : SynchronizationContext, IDisposable
{
    private readonly Channel<(SendOrPostCallback Callback, object? State)> work =
        Channel.CreateUnbounded<(SendOrPostCallback, object?)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Action<Exception> onError;
    private readonly Task loop;

    public OrderedSynchronizationContext(Action<Exception> onError)
    {
        this.onError = onError;
        loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        if (!work.Writer.TryWrite((d, state)))
        {
            // Closed: run on the thread pool so nothing waits forever.
            ThreadPool.QueueUserWorkItem(_ => d(state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Synchronous Send is not supported.");

    public override SynchronizationContext CreateCopy() => this;

    public void Dispose() => work.Writer.TryComplete();

    internal Task Completion => loop;

    private async Task RunAsync()
    {
        await foreach (var (callback, state) in work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var previous = Current;
            SetSynchronizationContext(this);
            try
            {
                callback(state);
            }
            catch (Exception e)
            {
                onError(e);
            }
            finally
            {
                SetSynchronizationContext(previous);
            }
        }
    }
}
