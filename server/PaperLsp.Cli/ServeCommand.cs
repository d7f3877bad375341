using System.CommandLine;
using PaperLsp.Server;
using PaperLsp.Storage;

namespace PaperLsp.Cli;

/// <summary>
/// <c>paperlsp serve [--stdio]</c>: runs the language server over standard input/output. The global <c>--index</c>
/// becomes the server's default index (as <c>$PAPERLSP_INDEX</c> would); a client's <c>paperlsp.indexPath</c> setting
/// still overrides it.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var stdio = new Option<bool>("--stdio") { Description = "Speak LSP over stdin/stdout (the default; accepted for client compatibility)." };
        var verbose = new Option<bool>("--verbose") { Description = "Write debug lines (including JSON-RPC protocol problems) to stderr." };
        var command = new Command("serve", "Run the language server over stdio.") { stdio, verbose };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var writeDebug = parse.GetValue(verbose);
            var errorWriter = TextWriter.Synchronized(Console.Error);
            if (parse.GetValue(indexOption) is { } index)
            {
                // One home for the default index: IndexLocation reads this variable in this process.
                Environment.SetEnvironmentVariable(IndexLocation.EnvironmentVariable, Path.GetFullPath(index));
            }

            var options = new LanguageServerOptions
            {
                LogSink = line =>
                {
                    if (writeDebug || !line.Contains(" Debug]", StringComparison.Ordinal))
                    {
                        errorWriter.WriteLine(line);
                    }
                },
            };
            await using var input = Console.OpenStandardInput();
            await using var output = Console.OpenStandardOutput();
            return await LanguageServerHost.RunAsync(input, output, options, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }
}
