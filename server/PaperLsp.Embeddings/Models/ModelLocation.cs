namespace PaperLsp.Embeddings.Models;

/// <summary>A model ready to open: its manifest and the folder its files (or its assembly) are in.</summary>
public sealed record ModelLocation(ModelManifest Manifest, string Directory)
{
    /// <summary>The model folder with a <c>model.json</c> (a custom model); throws <see cref="ModelFormatException"/> when it is not one.</summary>
    public static ModelLocation FromFolder(string directory) => new(ModelManifest.Load(directory), Path.GetFullPath(directory));

    /// <summary>The file that holds the model: the assembly for packaged models, else the ONNX file.</summary>
    public string ModelPath => Path.Combine(Directory, Manifest.Assembly ?? Manifest.ModelFile);

    /// <summary>True when the files the manifest names are there.</summary>
    public bool FilesExist => Manifest.Assembly is not null
        ? File.Exists(ModelPath)
        : File.Exists(ModelPath) && File.Exists(Path.Combine(Directory, Manifest.TokenizerFile));
}
