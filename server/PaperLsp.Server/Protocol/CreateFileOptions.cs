namespace PaperLsp.Server.Protocol;

/// <summary>Options of <see cref="CreateFile"/>.</summary>
public sealed record CreateFileOptions(bool? Overwrite = null, bool? IgnoreIfExists = null);
