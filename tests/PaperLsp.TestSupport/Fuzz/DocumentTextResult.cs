namespace PaperLsp.TestSupport.Fuzz;

/// <summary>What <see cref="DocumentTextHandler"/> answers.</summary>
public sealed record DocumentTextResult(string Text, int Version);
