namespace PaperLsp.Server.Services;

/// <summary>
/// The clock of the opt-in daily Hugging Face sync: while switched on, checks hourly and calls the sync once per UTC
/// date (the first check runs at once).
/// </summary>
internal sealed class DailySyncSchedule : IDisposable
{
    private readonly object gate = new();
    private readonly Func<bool> wanted;
    private readonly Action<DateOnly> sync;
    private Timer? timer;
    private DateOnly? syncedOn;
    private bool disposed;

    /// <summary>A schedule that calls <paramref name="sync"/> when due and <paramref name="wanted"/> (the current setting) still says yes.</summary>
    public DailySyncSchedule(Func<bool> wanted, Action<DateOnly> sync)
    {
        this.wanted = wanted;
        this.sync = sync;
    }

    /// <summary>Switches the schedule on (keeping a running clock) or off.</summary>
    public void Set(bool on)
    {
        lock (gate)
        {
            if (!on || disposed)
            {
                timer?.Dispose();
                timer = null;
                return;
            }

            timer ??= new Timer(_ => SyncIfDue(), null, TimeSpan.Zero, TimeSpan.FromHours(1));
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
            timer?.Dispose();
            timer = null;
        }
    }

    private void SyncIfDue()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var stillWanted = wanted();
        lock (gate)
        {
            if (timer is null || syncedOn == today || !stillWanted)
            {
                return;
            }

            syncedOn = today;
        }

        sync(today);
    }
}
