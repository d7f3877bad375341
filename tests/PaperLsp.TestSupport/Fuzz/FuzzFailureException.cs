namespace PaperLsp.TestSupport.Fuzz;

/// <summary>A fuzz finding; the message names the seed and the step so the case can be replayed.</summary>
public sealed class FuzzFailureException(string message) : Exception(message);
