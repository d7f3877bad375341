namespace PaperLsp.Cli.Catalog;

/// <summary>Process exit codes of the catalog commands.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int UsageOrNotFound = 1;
    public const int SomeFilesHadProblems = 2;
    public const int IndexUnusable = 3;
}
