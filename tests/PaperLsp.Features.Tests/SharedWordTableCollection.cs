namespace PaperLsp.Features.Tests;

/// <summary>
/// Tests that check which string object the process-wide word table hands back run alone: another test's words landing in
/// the same slot in between would replace the kept word (by design: only sharing is lost).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SharedWordTableCollection
{
    public const string Name = "shared word table";
}
