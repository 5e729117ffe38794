# image: adaftr/coordinator
# The adaftr CLI (CPU libtorch: it evaluates and exports; the silos train). Build from the repository root:
#   docker build -f infra/docker/coordinator.Dockerfile -t adaftr/coordinator:0.1.0 .
# Arguments are adaftr's: docker run adaftr/coordinator:0.1.0 train --cluster redis://HOST:6379 ...

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/NativeFix/ build/NativeFix/
COPY Model/ Model/
COPY Interop/ Interop/
COPY Shards/ Shards/
COPY Checkpoints/ Checkpoints/
COPY Grains/ Grains/
COPY Silo/ Silo/
COPY Coordinator/ Coordinator/
# The bundled Ali-CCP sample: `adaftr train` with no --data trains on it.
COPY data/ali-ccp/ data/ali-ccp/
COPY data/aliexpress/ data/aliexpress/
# The PyTorch module `bench model --vs-pytorch` times, published beside adaftr.
COPY docs/tensor-names.md docs/tensor-names.md
# The libstdc++ fix runs after publish from build/NativeFix/bin/Release/net10.0/; with -r the
# referenced tool lands under linux-x64/ instead, so build it once without a runtime first.
RUN dotnet build build/NativeFix/AdaFtr.NativeFix.csproj -c Release -nologo
RUN dotnet publish Coordinator/AdaFtr.Coordinator.csproj -c Release -r linux-x64 --self-contained false \
      -p:TorchBackend=cpu -o /app -nologo

# aspnet, not runtime: adaftr references the silo host (embedded mode), which needs ASP.NET Core.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# Checkpoints and job shards go here unless --checkpoint-dir says otherwise; mount a volume the
# silos see at the same path (or use az:// locations).
RUN mkdir -p /var/lib/adaftr && chown app:app /var/lib/adaftr
WORKDIR /var/lib/adaftr
USER app
ENTRYPOINT ["dotnet", "/app/adaftr.dll"]
