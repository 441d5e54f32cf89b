#!/usr/bin/env bash
# The unit and integration tests N times in a row (default 10) with `stress --cpu 2` beside them,
# as on a 2-core machine with other work: prints each run's result and time, then how many failed.
# Needs Debian's `stress` package.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
stress --cpu 2 >/dev/null 2>&1 &
stress_pid=$!
trap 'kill "$stress_pid" 2>/dev/null' EXIT
failed=0
for run in $(seq 1 "$runs"); do
	started=$(date +%s)
	if npx jest --selectProjects unit integration >"/tmp/gaard-under-load-$run.log" 2>&1; then result=passed; else result=FAILED; failed=$((failed + 1)); fi
	echo "[under load] run $run/$runs: $result in $(($(date +%s) - started)) s ($(grep -m1 '^Tests:' "/tmp/gaard-under-load-$run.log"))"
done
echo "[under load] $failed of $runs runs failed"
exit $((failed > 0))
