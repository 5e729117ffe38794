#!/usr/bin/env bash
# The GPU check of docs/benchmarks.md ("GPU check"), on a machine with an NVIDIA GPU: devices resolved,
# the worker step's equivalence on cuda:0, bench model and bench scale/distributed there, then one summary.
#
#   scripts/gpu-check.sh                    a GPU machine with the .NET SDK and a CUDA build (-p:TorchBackend=cuda)
#   ADAFTR="bash .gpu/run.sh" scripts/gpu-check.sh
#                                           the device tool's machine, through ../shared/tools/gpu/pack.sh (no SDK
#                                           there: the test phase is skipped and says so)
#
# Results land in $OUT (the device tool's folder that comes back) or ./gpu-check/; the summary is the last lines.
# Each phase is run whatever the one before did; the exit status is 1 when any phase failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
adaftr=${ADAFTR:-"$root/adaftr.sh"}
out=${OUT:-$root/gpu-check}
device=${ADAFTR_GPU_DEVICE:-cuda:0}
mkdir -p "$out"
summary=()
failed=0

record() {   # record NAME STATUS DETAIL
  summary+=("$(printf '%-22s %-7s %s' "$1" "$2" "$3")")
  [ "$2" = FAIL ] && failed=1
}

figure() {   # figure FILE KEY...: "key=value" for each key of a bench --json file's figures
  python3 - "$@" <<'PY' 2>/dev/null || echo "(no figures)"
import json, sys
figures = json.load(open(sys.argv[1])).get("figures", {})
print(" ".join(f"{k}={figures[k]:.4g}" if isinstance(figures.get(k), (int, float)) else f"{k}=?" for k in sys.argv[2:]))
PY
}

# 1. Devices: what a silo started here with --devices auto trains on. A CUDA build that sees no GPU is a problem.
if $adaftr doctor --json > "$out/doctor.json" 2> "$out/doctor.err"; then
  auto=$(python3 -c 'import json,sys;print(json.load(open(sys.argv[1])).get("devices_auto"))' "$out/doctor.json" 2>/dev/null)
  case "$auto" in cuda:*) record doctor ok "devices_auto=$auto";; *) record doctor FAIL "devices_auto=$auto: libtorch sees no GPU";; esac
else
  record doctor FAIL "see doctor.json / doctor.err"
fi

# 2. Equivalence on the GPU: K = 2 workers' steps redone by fresh replicas on $device give the same bits, and the
#    data-parallel and PyTorch parity tests. Needs the SDK and a CUDA build of the tests.
if command -v dotnet >/dev/null 2>&1 && [ -n "$(dotnet --list-sdks 2>/dev/null)" ]; then
  if (cd "$root" && dotnet build tests/Model -c Release -p:TorchBackend=cuda -nologo -v q > "$out/tests-build.log" 2>&1 &&
      ADAFTR_TEST_DEVICE=$device dotnet test tests/Model -c Release --no-build -p:TorchBackend=cuda \
        --filter "FullyQualifiedName~RetriedStepTests|FullyQualifiedName~DataParallelEquivalenceTests|FullyQualifiedName~PyTorchParityTests" \
        > "$out/tests.log" 2>&1); then
    record "equivalence $device" ok "$(grep -Eo 'Passed: +[0-9]+' "$out/tests.log" | tail -1)"
  else
    record "equivalence $device" FAIL "see tests-build.log / tests.log"
  fi
else
  record "equivalence $device" skipped "no .NET SDK here: run this script on a GPU machine that has one"
fi

# 3. bench model: ours on the CPU cores beside PyTorch eager on the GPU (bench model has no --device of its own).
if $adaftr bench model --json --vs-pytorch --pytorch-device "$device" > "$out/model.json" 2> "$out/model.err"; then
  record "bench model" ok "$(figure "$out/model.json" samples_per_s pytorch_eager_samples_per_s)"
else
  record "bench model" FAIL "see model.err"
fi

# 4. bench scale on the GPU: a worker's step timed there, and real K = 1, 2, 3 windows with the workers sharing it.
if $adaftr bench scale --json --device "$device" > "$out/scale.json" 2> "$out/scale.err"; then
  record "bench scale $device" ok "$(figure "$out/scale.json" compute_ms validate_k2_measured_ms validate_k2_measured_over_simulated)"
else
  record "bench scale $device" FAIL "see scale.err"
fi

# 5. bench distributed: two silo processes clustered through a redis-server it starts (its workers train on the CPU).
if command -v redis-server >/dev/null 2>&1; then
  if $adaftr bench distributed --json > "$out/distributed.json" 2> "$out/distributed.err"; then
    record "bench distributed" ok "$(figure "$out/distributed.json" distributed_step_ms worker_state_bytes worker_bytes_ratio_10x_vocab)"
  else
    record "bench distributed" FAIL "see distributed.err"
  fi
else
  record "bench distributed" skipped "no redis-server on this machine"
fi

{
  echo "gpu-check $(date -u +%FT%TZ) on $(nvidia-smi --query-gpu=name --format=csv,noheader 2>/dev/null | head -1 || echo 'no nvidia-smi')"
  printf '%s\n' "${summary[@]}"
} | tee "$out/summary.txt"
exit $failed
