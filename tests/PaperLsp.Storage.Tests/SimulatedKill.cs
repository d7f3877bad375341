namespace PaperLsp.Storage.Tests;

/// <summary>Cancellation is what the indexer lets through (like a kill, it ends the run where it is).</summary>
internal sealed class SimulatedKill : OperationCanceledException;
