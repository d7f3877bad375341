
namespace PaperLsp.Server.Requests;

/// <summary>Handles an LSP notification (no response). Exceptions are logged.</summary>
public interface ILspNotificationHandler<in TParams> : ILspHandler
{
    Task HandleAsync(TParams parameters, RequestContext context, CancellationToken cancellationToken);
}
