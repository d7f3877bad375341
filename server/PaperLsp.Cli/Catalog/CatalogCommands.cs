using System.CommandLine;

namespace PaperLsp.Cli.Catalog;

/// <summary>Registers the index/catalog commands and the global <c>--index</c> option on a root command.</summary>
internal static class CatalogCommands
{
    public static Option<string?> AddTo(RootCommand root)
    {
        var indexOption = new Option<string?>("--index")
        {
            Description = "Index file (default: $PAPERLSP_INDEX, else $XDG_DATA_HOME/paperlsp/index.db, else ~/.local/share/paperlsp/index.db).",
            Recursive = true,
        };
        root.Options.Add(indexOption);
        root.Subcommands.Add(IndexCommand.Create(indexOption));
        root.Subcommands.Add(SearchCommand.Create(indexOption));
        root.Subcommands.Add(ShowCommand.Create(indexOption));
        root.Subcommands.Add(ExportCommand.Create(indexOption));
        root.Subcommands.Add(StatsCommand.Create(indexOption));
        root.Subcommands.Add(DoctorCommand.Create(indexOption));
        root.Subcommands.Add(DemoCommand.Create(indexOption));
        return indexOption;
    }
}
