#!/usr/bin/env bash
# Runs the adaftr CLI from this checkout: installs what is missing, builds (incrementally), runs.
#   ./adaftr.sh train --data synth:aliccp-like --batch-size 1024   AdaFTR on synthetic data, AUC against the oracle
#   ./adaftr.sh train        train on the bundled Ali-CCP sample, checkpoint to ./checkpoints
#   ./adaftr.sh --help       every verb, with examples
set -euo pipefail
root=$(cd "$(dirname "$0")" && pwd)
"$root/scripts/setup.sh"
if ! build_log=$(dotnet build "$root/Coordinator/AdaFtr.Coordinator.csproj" -c Release -nologo -v q -clp:NoSummary 2>&1); then
  echo "$build_log" >&2
  echo "adaftr.sh: the build failed (above)" >&2
  exit 1
fi
grep -h "adaftr native fix" <<<"$build_log" | sort -u >&2 || true
exec dotnet "$root/Coordinator/bin/Release/net10.0/adaftr.dll" "$@"
