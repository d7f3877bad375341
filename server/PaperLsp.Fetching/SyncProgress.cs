namespace PaperLsp.Fetching;

/// <summary>Progress of a sync: the day being fetched (null when done), days done of the total, papers added so far.</summary>
public sealed record SyncProgress(DateOnly? Day, int DaysDone, int DaysTotal, int PapersAdded);
