using System.CommandLine;
using PaperLsp.Server;

namespace PaperLsp.Cli;

/// <summary><c>paperlsp serve [--stdio]</c>: runs the language server over standard input/output.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var stdio = new Option<bool>("--stdio") { Description = "Speak LSP over stdin/stdout (the default; accepted for client compatibility)." };
        var command = new Command("serve", "Run the language server over stdio.") { stdio };
        command.SetAction(_ =>
        {
            using var input = Console.OpenStandardInput();
            using var output = Console.OpenStandardOutput();
            return LanguageServerHost.RunAsync(input, output).GetAwaiter().GetResult();
        });
        return command;
    }
}
