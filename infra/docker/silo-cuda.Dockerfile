# image: adaftr/silo-cuda
# The silo host with TorchSharp-cuda-linux (-p:TorchBackend=cuda). Build from the repository root
# on a machine whose NuGet sources have TorchSharp-cuda-linux (nuget.org does):
#   docker build -f infra/docker/silo-cuda.Dockerfile -t adaftr/silo-cuda:0.1.0 .
# Run with the NVIDIA container toolkit (docker --gpus all; on Kubernetes the NVIDIA device plugin).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/NativeFix/ build/NativeFix/
COPY Model/ Model/
COPY Shards/ Shards/
COPY Checkpoints/ Checkpoints/
COPY Grains/ Grains/
COPY Silo/ Silo/
# The libstdc++ fix runs after publish from build/NativeFix/bin/Release/net10.0/; with -r the
# referenced tool lands under linux-x64/ instead, so build it once without a runtime first.
RUN dotnet build build/NativeFix/AdaFtr.NativeFix.csproj -c Release -nologo
RUN dotnet publish Silo/AdaFtr.Silo.csproj -c Release -r linux-x64 --self-contained false \
      -p:TorchBackend=cuda -o /app -nologo

# The libtorch-cuda packages bring their own CUDA libraries (cuBLAS, cuDNN, ...); the NVIDIA base
# gives the driver hook-up (NVIDIA_* variables) and Ubuntu 24.04's libstdc++, new enough for
# TorchSharp without the fix. The host driver must support CUDA 12.8. The tag follows the CUDA
# version of the libtorch-cuda-12.x package that TorchSharp-cuda-linux brings (see
# Silo/obj/project.assets.json after `dotnet restore Silo -p:TorchBackend=cuda`); change both together.
FROM nvidia/cuda:12.8.1-base-ubuntu24.04
# The ASP.NET Core runtime (the silo serves its dashboard) from Microsoft's own image, same version
# as the SDK, and what .NET needs from the OS (TLS for Redis and blob storage; no ICU: invariant globalization).
COPY --from=mcr.microsoft.com/dotnet/aspnet:10.0 /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && apt-get update && apt-get install -y --no-install-recommends ca-certificates libssl3t64 zlib1g tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1654 --create-home app
ENV DOTNET_ROOT=/usr/share/dotnet \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
WORKDIR /app
COPY --from=build /app ./
EXPOSE 11111 30000 8080
RUN mkdir -p /var/lib/adaftr && chown app:app /var/lib/adaftr
USER app
ENTRYPOINT ["dotnet", "adaftr-silo.dll"]
