using System.CommandLine;
using PaperLsp.Cli.Catalog;

namespace PaperLsp.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("PaperLsp: a language server and CLI that helps you cite papers from your own corpus.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ModelCommand.Create());
        var indexOption = CatalogCommands.AddTo(root);
        root.Subcommands.Add(Retrieval.EmbedCommand.Create(indexOption));
        root.Subcommands.Add(Retrieval.EvalCommand.Create(indexOption));
        Fetching.FetchCommands.AddTo(root, indexOption);
        return root.Parse(args).Invoke();
    }
}
