namespace PaperLsp.Server.Tests;

/// <summary>A clock the test moves by hand (timestamps in ticks of 100 ns).</summary>
internal sealed class ManualClock : TimeProvider
{
    private long now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Volatile.Read(ref now);

    public void Advance(TimeSpan by) => Interlocked.Add(ref now, by.Ticks);
}
