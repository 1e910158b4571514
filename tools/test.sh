#!/usr/bin/env bash
# `pnpm test`: every check and every test, as CI runs them. The Go lane (the Go generated-code
# check, then the build of the Go test programs) runs beside the TypeScript checks: each lane
# leaves part of the two cores idle, and no test needs the Go programs before vitest starts.
set -euo pipefail
cd "$(dirname "$0")/.."

go_log=$(mktemp)
(bash interop/check-generated.sh && bash interop/build.sh) >"$go_log" 2>&1 &
go_lane=$!
finish() {
  kill "$go_lane" 2>/dev/null || true
  rm -f "$go_log"
}
trap finish EXIT

pnpm -s generate:check:ts
pnpm -s build
pnpm -s typecheck:tests
pnpm -s lint
pnpm -s deps:check
pnpm -s typecheck:page

go_status=0
wait "$go_lane" || go_status=$?
cat "$go_log"
if [ "$go_status" -ne 0 ]; then
  echo "test: the Go lane (interop/check-generated.sh, interop/build.sh) failed with status $go_status" >&2
  exit "$go_status"
fi

pnpm exec vitest run
node bench/dist/run.js --quick
