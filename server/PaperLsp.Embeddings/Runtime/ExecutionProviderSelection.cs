namespace PaperLsp.Embeddings.Runtime;

/// <summary>The execution provider a session runs on ("CUDA" or "CPU") and why it was chosen.</summary>
public sealed record ExecutionProviderSelection(string ActiveProvider, string Reason);
