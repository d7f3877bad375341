#!/usr/bin/env bash
# Installs the CUDA build of ONNX Runtime for `device: auto|cuda` (Linux x64): downloads the NuGet package
# Microsoft.ML.OnnxRuntime.Gpu.Linux (version from Directory.Packages.props, ~245 MB) with `dotnet restore` and copies
# libonnxruntime.so, libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so into a side folder,
# by default $XDG_DATA_HOME/paperlsp/onnxruntime-cuda (~/.local/share/...), where the server looks for it (also
# next to the program, or in $PAPERLSP_ORT_CUDA_DIR). Usage: bash scripts/fetch-cuda-runtime.sh [folder]
# The package does not contain CUDA: the GPU machine needs CUDA 13 (cudart, cuBLAS, cuRAND), cuDNN 9 and the NVIDIA
# driver. Without them the server runs on CPU and says which library was missing (`paperlsp model info`).
set -euo pipefail
cd "$(dirname "$0")/.."
package="Microsoft.ML.OnnxRuntime.Gpu.Linux"
version="$(sed -n "s/.*Include=\"$package\" Version=\"\([^\"]*\)\".*/\1/p" Directory.Packages.props)"
[ -n "$version" ] || { echo "fetch-cuda-runtime: no version of $package in Directory.Packages.props" >&2; exit 1; }
dest="${1:-${XDG_DATA_HOME:-$HOME/.local/share}/paperlsp/onnxruntime-cuda}"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
native="$packages/$(echo "$package" | tr '[:upper:]' '[:lower:]')/$version/runtimes/linux-x64/native"
if [ ! -f "$native/libonnxruntime_providers_cuda.so" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cat > "$work/download.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageDownload Include="$package" Version="[$version]" /></ItemGroup>
</Project>
PROJECT
  dotnet restore "$work/download.csproj" -nologo -v q
fi
mkdir -p "$dest"
for file in libonnxruntime.so libonnxruntime_providers_shared.so libonnxruntime_providers_cuda.so; do
  cp "$native/$file" "$dest/$file"
done
echo "fetch-cuda-runtime: $package $version in $dest ($(du -sh "$dest" | cut -f1))"
