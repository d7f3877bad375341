using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>
/// <c>paperlsp doctor [--full]</c>: index location, schema, paper count and integrity; .NET and SQLite versions.
/// Model and execution-provider facts come from <see cref="AddModelFacts"/>, implemented beside the embeddings code.
/// </summary>
internal static partial class DoctorCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var full = new Option<bool>("--full") { Description = "Run the full PRAGMA integrity_check (slower) instead of quick_check." };
        var command = new Command("doctor", "Check the index and the runtime, and print what PaperLsp would use.") { full };
        command.SetAction(parse =>
        {
            var context = new CommandContext(parse, indexOption);
            var facts = new List<(string Label, string Value)>
            {
                (".NET", RuntimeInformation.FrameworkDescription),
                ("OS", $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})"),
                ("SQLite", SqliteVersion()),
                ("index", context.IndexPath + (context.ExplicitIndexPath is null ? " (default: --index, $PAPERLSP_INDEX, $XDG_DATA_HOME)" : "")),
            };
            var exit = ExitCodes.Ok;
            StoreInfo? info = null;
            if (!File.Exists(context.IndexPath))
            {
                facts.Add(("index status", "not created yet: run 'paperlsp index <paths>'"));
            }
            else
            {
                using var store = context.OpenStore(createIfMissing: false);
                if (store is null)
                {
                    facts.Add(("index status", "UNUSABLE (see the error above)"));
                    exit = ExitCodes.IndexUnusable;
                }
                else
                {
                    info = store.Info(parse.GetValue(full));
                    facts.Add(("index status", store.RecoveryNote is null ? "ok" : "recovered: " + store.RecoveryNote));
                    facts.Add(("schema", $"version {info.SchemaVersion} (created by {info.CreatedBy})"));
                    facts.Add(("papers", $"{info.PaperCount:N0} from {info.SourceCount:N0} source file(s)"));
                    facts.Add(("size", $"{info.FileSizeBytes / 1048576.0:F1} MiB"));
                    facts.Add(("integrity", info.IntegrityCheck));
                    foreach (var m in info.Models)
                    {
                        facts.Add(("vectors", $"{m.ModelId}: {m.VectorCount:N0} of {info.PaperCount:N0} papers ({m.Dimension} dims)"));
                    }

                    if (info.IntegrityCheck != "ok")
                    {
                        exit = ExitCodes.IndexUnusable;
                    }
                }
            }

            AddModelFacts(facts, info);
            var width = facts.Max(f => f.Label.Length) + 2;
            foreach (var (label, value) in facts)
            {
                context.Output.WriteLine((label + ":").PadRight(width) + value);
            }

            return exit;
        });
        return command;
    }

    /// <summary>
    /// Hook for the embedding model: add lines such as the model folder, id, execution provider and available
    /// providers. Implement it in another file of this partial class (e.g. <c>DoctorCommand.Model.cs</c>);
    /// <paramref name="index"/> is null when no usable index was found.
    /// </summary>
    static partial void AddModelFacts(List<(string Label, string Value)> facts, StoreInfo? index);

    private static string SqliteVersion()
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT sqlite_version()";
        return cmd.ExecuteScalar() as string ?? "?";
    }
}
