using PaperLsp.Embeddings.Runtime;
using PaperLsp.TestSupport;

namespace PaperLsp.Embeddings.Tests;

/// <summary>
/// The CUDA build's side folder: finding it and telling in one sentence why it cannot be used. The real case uses the
/// Microsoft.ML.OnnxRuntime.Gpu.Linux package when the NuGet cache holds it (scripts/fetch-cuda-runtime.sh puts it
/// there); this machine has no CUDA, so loading its CUDA provider must fail and name the missing library.
/// </summary>
public sealed class CudaRuntimeLocatorTests
{
    [Fact]
    public void A_loader_message_about_a_missing_dependency_names_that_library_and_what_to_install()
    {
        const string message = "Unable to load shared library '/x/libonnxruntime_providers_cuda.so' or one of its dependencies. In order to help diagnose loading problems, consider using a tool like strace.\n/x/libonnxruntime_providers_cuda.so: libcublasLt.so.13: cannot open shared object file: No such file or directory";
        var sentence = CudaRuntimeLocator.DescribeLoadFailure("/x", "libonnxruntime_providers_cuda.so", message);
        Assert.Equal("the CUDA build of ONNX Runtime in /x needs libcublasLt.so.13, which is not installed (install " + CudaRuntimeLocator.SystemRequirements + ")", sentence);
        Assert.DoesNotContain('\n', sentence);
    }

    [Fact]
    public void Another_loader_failure_is_reported_with_its_first_line()
    {
        var sentence = CudaRuntimeLocator.DescribeLoadFailure("/x", "libonnxruntime_providers_cuda.so", "invalid ELF header\nmore");
        Assert.Equal("the CUDA build of ONNX Runtime in /x could not load libonnxruntime_providers_cuda.so (invalid ELF header)", sentence);
    }

    [Fact]
    public void A_folder_without_the_cuda_provider_is_not_a_cuda_build()
    {
        using var dir = new TempFolder();
        File.WriteAllText(Path.Combine(dir.Path, CudaRuntimeLocator.RuntimeLibraryFile), "");
        Assert.False(CudaRuntimeLocator.HoldsCudaBuild(dir.Path));
        File.WriteAllText(Path.Combine(dir.Path, CudaRuntimeLocator.CudaProviderFile), "");
        Assert.True(CudaRuntimeLocator.HoldsCudaBuild(dir.Path));
    }

    [Fact]
    public void Broken_provider_libraries_are_reported_not_thrown()
    {
        using var dir = new TempFolder();
        foreach (var file in new[] { CudaRuntimeLocator.RuntimeLibraryFile, CudaRuntimeLocator.SharedProvidersFile, CudaRuntimeLocator.CudaProviderFile })
        {
            File.WriteAllText(Path.Combine(dir.Path, file), "not a shared library");
        }

        var problem = CudaRuntimeLocator.CheckLoadable(dir.Path);
        Assert.NotNull(problem);
        Assert.StartsWith($"the CUDA build of ONNX Runtime in {dir.Path} could not load {CudaRuntimeLocator.SharedProvidersFile}", problem);
    }

    [SkippableFact]
    public void The_real_cuda_build_without_cuda_on_this_machine_names_the_missing_cuda_library()
    {
        Skip.IfNot(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64, "the CUDA build is for Linux x64");
        var folder = PaperLsp.TestSupport.CudaBuildPackage.NativeFolder();
        Skip.If(folder is null, "Microsoft.ML.OnnxRuntime.Gpu.Linux is not in the NuGet cache (bash scripts/fetch-cuda-runtime.sh downloads it): test skipped");
        var problem = CudaRuntimeLocator.CheckLoadable(folder!);
        Skip.If(problem is null, "this machine has the CUDA libraries: the fallback does not apply");
        Assert.Matches(@"^the CUDA build of ONNX Runtime in .+ needs lib(cu|cublas|cublasLt|cudart|curand)[A-Za-z]*\.so\.\d+, which is not installed \(install CUDA 13", problem);
    }
}
