using System.CommandLine;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>What a catalog command needs from its invocation: writers and the index path.</summary>
internal sealed class CommandContext
{
    public CommandContext(ParseResult parse, Option<string?> indexOption)
    {
        Output = parse.InvocationConfiguration.Output;
        Error = parse.InvocationConfiguration.Error;
        ExplicitIndexPath = parse.GetValue(indexOption);
        IndexPath = Path.GetFullPath(ExplicitIndexPath ?? IndexLocation.DefaultPath());
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>The --index value when one was given.</summary>
    public string? ExplicitIndexPath { get; }

    public string IndexPath { get; }

    /// <summary>True when output goes to a real terminal (so progress bars may be drawn on stderr).</summary>
    public bool Interactive => ReferenceEquals(Output, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    /// <summary>Opens the index; on failure writes why and returns null (the caller exits with <see cref="ExitCodes.IndexUnusable"/>).</summary>
    public PaperStore? OpenStore(bool createIfMissing) => OpenStore(IndexPath, createIfMissing);

    public PaperStore? OpenStore(string path, bool createIfMissing)
    {
        try
        {
            var store = PaperStore.Open(path, createIfMissing, notice => Error.WriteLine("note: " + notice));
            if (store.RecoveryNote is not null)
            {
                Error.WriteLine("warning: " + store.RecoveryNote);
            }

            return store;
        }
        catch (Exception ex) when (ex is PaperStoreException or IOException or UnauthorizedAccessException)
        {
            Error.WriteLine("error: " + ex.Message);
            return null;
        }
    }
}
