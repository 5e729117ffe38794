#!/usr/bin/env bash
# Installs what this repository needs on a fresh Debian 12 with the .NET 10 SDK, once; every
# step checks first, so running it again costs nothing. `--tests` adds what the test suite needs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
want_tests=false
[ "${1:-}" = "--tests" ] && want_tests=true

say() { echo "setup: $*" >&2; }

if ! command -v dotnet >/dev/null 2>&1; then
  say "the .NET 10 SDK is missing: install it (https://learn.microsoft.com/dotnet/core/install/linux-debian) and rerun"
  exit 1
fi

apt_packages=()
command -v readelf >/dev/null 2>&1 || apt_packages+=(binutils)
if $want_tests; then
  command -v node >/dev/null 2>&1 || apt_packages+=(nodejs)
  command -v npm >/dev/null 2>&1 || apt_packages+=(npm)
  command -v redis-server >/dev/null 2>&1 || apt_packages+=(redis-server)
  command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || apt_packages+=(chromium-driver)
  # Debian's PyTorch, for the Model parity test (numbers only: its generic BLAS is no speed reference).
  /usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || apt_packages+=(python3-torch)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing ${apt_packages[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

if $want_tests && [ ! -x "$root/.tools/node_modules/.bin/azurite-blob" ]; then
  say "installing Azurite (blob storage emulator for the checkpoint and shard-store tests) into .tools/"
  npm install --silent --no-audit --no-fund --prefix "$root/.tools" azurite@3 >/dev/null
fi
