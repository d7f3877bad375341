namespace PaperLsp.Server.Handlers;

/// <summary>Where the connection is in the LSP lifecycle.</summary>
public enum LifecyclePhase
{
    Uninitialized,
    Initialized,
    ShutdownRequested,
    Exited,
}
