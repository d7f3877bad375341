using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PaperLsp.Embeddings.Models;

/// <summary>
/// Reads the manifest resources embedded in a .NET assembly file without loading it (the model packages' DLLs are
/// only data to PaperLsp: their code and dependencies are never run).
/// </summary>
public static class AssemblyResources
{
    /// <summary>Names of the resources embedded in the assembly file.</summary>
    public static IReadOnlyList<string> List(string assemblyPath)
    {
        using var pe = OpenPe(assemblyPath);
        var metadata = ReadMetadata(pe, assemblyPath);
        return metadata.ManifestResources
            .Select(h => metadata.GetManifestResource(h))
            .Where(r => r.Implementation.IsNil)
            .Select(r => metadata.GetString(r.Name))
            .ToList();
    }

    /// <summary>
    /// The bytes of the embedded resource whose name is <paramref name="name"/> or ends with "." + <paramref name="name"/>
    /// (compilers prefix resource names with a namespace). Throws <see cref="ModelFormatException"/> when none or more
    /// than one matches.
    /// </summary>
    public static byte[] Read(string assemblyPath, string name)
    {
        using var pe = OpenPe(assemblyPath);
        var metadata = ReadMetadata(pe, assemblyPath);
        var matches = new List<ManifestResource>();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var resourceName = metadata.GetString(resource.Name);
            if (resource.Implementation.IsNil && (resourceName == name || resourceName.EndsWith("." + name, StringComparison.Ordinal)))
            {
                matches.Add(resource);
            }
        }

        if (matches.Count != 1)
        {
            var found = string.Join(", ", List(assemblyPath));
            throw new ModelFormatException(matches.Count == 0
                ? $"'{assemblyPath}' embeds no resource named '{name}' (it has: {found})"
                : $"'{assemblyPath}' embeds several resources named '{name}' (it has: {found})");
        }

        var directory = pe.PEHeaders.CorHeader?.ResourcesDirectory
            ?? throw new ModelFormatException($"'{assemblyPath}' is not a .NET assembly");
        var section = pe.GetSectionData(directory.RelativeVirtualAddress);
        var offset = checked((int)matches[0].Offset);
        if (section.Length < offset + sizeof(int))
        {
            throw new ModelFormatException($"'{assemblyPath}': resource '{name}' lies outside the file");
        }

        // Each embedded resource is a 4-byte little-endian length followed by the bytes.
        var reader = section.GetReader(offset, section.Length - offset);
        var length = reader.ReadInt32();
        if (length < 0 || length > reader.RemainingBytes)
        {
            throw new ModelFormatException($"'{assemblyPath}': resource '{name}' claims {length} bytes, the file has {reader.RemainingBytes} left");
        }

        return reader.ReadBytes(length);
    }

    private static PEReader OpenPe(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new ModelFormatException($"model assembly '{assemblyPath}' does not exist");
        }

        return new PEReader(File.OpenRead(assemblyPath));
    }

    private static MetadataReader ReadMetadata(PEReader pe, string assemblyPath)
    {
        try
        {
            if (!pe.HasMetadata)
            {
                throw new ModelFormatException($"'{assemblyPath}' is not a .NET assembly (no metadata)");
            }

            return pe.GetMetadataReader();
        }
        catch (BadImageFormatException ex)
        {
            throw new ModelFormatException($"'{assemblyPath}' is not a readable .NET assembly: {ex.Message}", ex);
        }
    }
}
