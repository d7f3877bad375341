namespace PaperLsp.Server.Protocol;

/// <summary>Severity of window/logMessage and window/showMessage.</summary>
public enum MessageType
{
    Error = 1,
    Warning = 2,
    Info = 3,
    Log = 4,
    Debug = 5,
}
