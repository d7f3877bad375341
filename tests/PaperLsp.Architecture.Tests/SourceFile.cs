namespace PaperLsp.Architecture.Tests;

/// <summary>What <see cref="CSharpSource"/> read from one file.</summary>
/// <param name="Path">Where the file is (for messages).</param>
/// <param name="Namespace">Its namespace ("" for the global one).</param>
/// <param name="Usings">Namespaces it imports (aliases and <c>using static</c> left out).</param>
/// <param name="DeclaredTypes">Names of the types it declares, nested ones included.</param>
/// <param name="Names">Every identifier or dotted name in its code, outside comments, literals and directives.</param>
public sealed record SourceFile(
    string Path,
    string Namespace,
    IReadOnlyList<string> Usings,
    IReadOnlyList<string> DeclaredTypes,
    IReadOnlyList<string> Names);
