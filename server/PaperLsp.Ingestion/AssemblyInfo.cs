namespace PaperLsp.Ingestion;
internal static class AssemblyMarker { }
