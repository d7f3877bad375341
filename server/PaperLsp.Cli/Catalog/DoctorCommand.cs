using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>
/// <c>paperlsp doctor [--full]</c>: index location, schema, paper count and integrity; .NET and SQLite versions.
/// Model and execution-provider facts come from <see cref="ModelFacts"/>. It only reads and reports: an unusable
/// index is left in place and the command that repairs it is named.
/// </summary>
internal static class DoctorCommand
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
            else if (PaperStore.Inspect(context.IndexPath, out var schema) is { } problem)
            {
                // Only read and report: the file is left where it is. Indexing moves it aside and starts afresh.
                facts.Add(("index status", $"UNUSABLE ({problem}); repair: 'paperlsp{IndexArgument(context)} index <paths>' moves it aside to {Path.GetFileName(context.IndexPath)}.corrupt-<time> and builds a fresh index"));
                exit = ExitCodes.IndexUnusable;
            }
            else if (schema < PaperStore.CurrentSchemaVersion)
            {
                facts.Add(("index status", $"schema version {schema} needs an upgrade to {PaperStore.CurrentSchemaVersion}: 'paperlsp{IndexArgument(context)} stats' (or any command that opens it) upgrades it"));
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
                    var interrupted = store.Sources().Where(s => !s.Complete).ToList();
                    facts.Add(("index status", interrupted.Count == 0
                        ? "ok"
                        : $"ok; {interrupted.Count} source(s) interrupted mid-run ({string.Join(", ", interrupted.Select(s => Path.GetFileName(s.Path)))}): 'paperlsp{IndexArgument(context)} index <paths>' resumes them"));
                    facts.Add(("schema", $"version {info.SchemaVersion} (created by {info.CreatedBy})"));
                    facts.Add(("papers", $"{info.PaperCount:N0} from {info.SourceCount:N0} source file(s)"));
                    facts.Add(("size", IndexSize.Describe(info)));
                    facts.Add(("integrity", info.IntegrityCheck));
                    foreach (var m in info.Models)
                    {
                        facts.Add(("vectors", $"{m.ModelId}: {m.VectorCount:N0} of {info.PaperCount:N0} papers ({m.Dimension} dims)"));
                    }

                    if (info.IntegrityCheck != "ok")
                    {
                        facts.Add(("repair", $"'paperlsp{IndexArgument(context)} index <paths>' after moving the file aside rebuilds the index from your corpus"));
                        exit = ExitCodes.IndexUnusable;
                    }
                }
            }

            ModelFacts.AddTo(facts, info);
            var width = facts.Max(f => f.Label.Length) + 2;
            foreach (var (label, value) in facts)
            {
                context.Output.WriteLine((label + ":").PadRight(width) + value);
            }

            return exit;
        });
        return command;
    }

    private static string IndexArgument(CommandContext context) =>
        context.ExplicitIndexPath is null ? "" : $" --index {context.IndexPath}";

    private static string SqliteVersion()
    {
        using var c = new SqliteConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT sqlite_version()";
        return cmd.ExecuteScalar() as string ?? "?";
    }
}
