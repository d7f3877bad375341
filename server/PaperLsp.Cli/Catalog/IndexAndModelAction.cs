using System.CommandLine;
using PaperLsp.Embeddings;
using PaperLsp.Storage;

namespace PaperLsp.Cli.Catalog;

/// <summary>
/// The setup of the commands that work on the index with the embedding model (<c>embed</c>, <c>eval</c>): adds
/// --model/--device, opens the existing index (exit <see cref="ExitCodes.IndexUnusable"/> when it cannot) and the
/// model (exit <see cref="ExitCodes.UsageOrNotFound"/> when it is required and cannot be opened), then runs the action.
/// </summary>
internal static class IndexAndModelAction
{
    public static void Set(Command command, Option<string?> indexOption, bool modelRequired, Func<ParseResult, CommandContext, PaperStore, OnnxTextEmbedder?, int> action, bool embedsDocuments = false)
    {
        var modelOptions = new ModelOptions { EmbedsDocuments = embedsDocuments };
        modelOptions.AddTo(command);
        command.SetAction(parse =>
        {
            var context = new CommandContext(parse, indexOption);
            using var store = context.OpenStore(createIfMissing: false);
            if (store is null)
            {
                return ExitCodes.IndexUnusable;
            }

            using var model = modelOptions.Open(parse, context.Error, modelRequired);
            if (model is null && modelRequired)
            {
                return ExitCodes.UsageOrNotFound;
            }

            return action(parse, context, store, model);
        });
    }
}
