# image: adaftr/silo-cpu
# The silo host (adaftr-silo) with the CPU libtorch. Build from the repository root:
#   docker build -f infra/docker/silo-cpu.Dockerfile -t adaftr/silo-cpu:0.1.0 .
# .NET 10 images are Ubuntu 24.04 (libstdc++ of GCC 14, GLIBCXX_3.4.33), so TorchSharp's native
# library loads as shipped; the build's libstdc++ fix still runs on publish and does nothing here.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Only what the silo is built from: a change under Coordinator/ or tests/ does not rebuild it.
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
# -r linux-x64: only the Linux natives (the portable output would carry libtorch for every OS).
RUN dotnet publish Silo/AdaFtr.Silo.csproj -c Release -r linux-x64 --self-contained false \
      -p:TorchBackend=cpu -o /app -nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# Bound to loopback unless told otherwise (see SiloSettings); containers set
# ADAFTR_SILO__LISTENADDRESS to their own IP and the dashboard to 0.0.0.0 with basic auth.
EXPOSE 11111 30000 8080
# The image's non-root user (uid 1654): a silo needs no privileges.
RUN mkdir -p /var/lib/adaftr && chown app:app /var/lib/adaftr
USER app
ENTRYPOINT ["dotnet", "adaftr-silo.dll"]
