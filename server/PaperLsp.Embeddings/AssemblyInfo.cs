namespace PaperLsp.Embeddings;
internal static class AssemblyMarker { }
