#!/usr/bin/env bash
# `pnpm test`: every check and every test, as CI runs them. The Go lane (the Go generated-code
# check, then the build of the Go test programs) runs beside the TypeScript checks and then beside
# the in-process test projects: each leaves part of the two cores idle, and only the projects
# that start processes need the Go programs (vitest.workspace.ts keeps the two lists).
set -euo pipefail
cd "$(dirname "$0")/.."

go_log=$(mktemp)
# Its own process group, so a failure elsewhere stops the go commands too, not only the shell.
setsid -w bash -c 'bash interop/check-generated.sh && bash interop/build.sh' >"$go_log" 2>&1 &
go_lane=$!
finish() {
  kill -- "-$go_lane" 2>/dev/null || true
  rm -f "$go_log"
}
trap finish EXIT

pnpm -s generate:check:ts
pnpm -s build
pnpm -s typecheck:tests
pnpm -s lint
pnpm -s deps:check
pnpm -s typecheck:page

echo "test: the in-process projects, beside the Go lane"
TEST_PHASE=in-process pnpm exec vitest run

go_status=0
wait "$go_lane" || go_status=$?
cat "$go_log"
if [ "$go_status" -ne 0 ]; then
  echo "test: the Go lane (interop/check-generated.sh, interop/build.sh) failed with status $go_status" >&2
  exit "$go_status"
fi

echo "test: the projects that start processes"
TEST_PHASE=processes pnpm exec vitest run
node bench/dist/run.js --quick
