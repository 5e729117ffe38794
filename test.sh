#!/usr/bin/env bash
# Builds everything and runs the whole test suite; ends with one line "N passed, N failed, N skipped"
# and exits non-zero when any test failed or a test run did not complete.
# `./test.sh --category X` runs only the test classes with [Trait("Category", "X")] (tests/README.md lists them);
# any other arguments go to `dotnet test` as they are.
set -uo pipefail
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --category)
      [ $# -ge 2 ] || { echo "--category needs a name, e.g. ./test.sh --category NativeFix (see tests/README.md)"; exit 2; }
      args+=(--filter "Category=$2"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
root=$(cd "$(dirname "$0")" && pwd)
cd "$root"
scripts/setup.sh --tests || exit 1
export ADAFTR_AZURITE="${ADAFTR_AZURITE:-$root/.tools/node_modules/.bin/azurite-blob}"

dotnet build AdaFtr.Distributed.sln -c Release -nologo -v q -clp:NoSummary || { echo "0 passed, 1 failed (the build failed)"; exit 1; }

mkdir -p artifacts
log=artifacts/test-output.log
# A hung test is killed and reported after 10 minutes instead of eating the CI budget.
dotnet test AdaFtr.Distributed.sln -c Release --no-build -nologo --blame-hang-timeout 10m ${args[@]+"${args[@]}"} 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

sum() { grep -E '^(Passed|Failed)!' "$log" | grep -oE "$1: +[0-9]+" | awk '{s+=$2} END {print s+0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
assemblies=$(grep -cE '^(Passed|Failed)!' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
  echo "a test run did not complete (exit $status); see $log"
fi
echo "tests: $assemblies assemblies"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
