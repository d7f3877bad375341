namespace PaperLsp.Server.Services;

/// <summary>Arguments of paperlsp.addBibEntry: the document whose bibliography gets the entry, and the paper's key.</summary>
internal sealed record AddBibEntryArguments(string Uri, string Key);
