using System.CommandLine;
using PaperLsp.Cli.Catalog;

namespace PaperLsp.Cli;

internal static class Program
{
    public static int Main(string[] args) => CreateRoot().Parse(args).Invoke();

    /// <summary>Every command, with the global options (<c>--index</c>) on the root so they work before or after the command name.</summary>
    internal static RootCommand CreateRoot()
    {
        var root = new RootCommand("PaperLsp: a language server and CLI that helps you cite papers from your own corpus.");
        var indexOption = CatalogCommands.AddTo(root);
        root.Subcommands.Add(ServeCommand.Create(indexOption));
        root.Subcommands.Add(ModelCommand.Create());
        root.Subcommands.Add(Retrieval.EmbedCommand.Create(indexOption));
        root.Subcommands.Add(Retrieval.EvalCommand.Create(indexOption));
        Fetching.FetchCommands.AddTo(root, indexOption);
        return root;
    }
}
