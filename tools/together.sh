#!/usr/bin/env bash
# Runs its arguments as commands at the same time and fails if any of them failed, once all have
# ended. `pnpm test` uses it to build the Go test programs while verify type-checks: the two
# share nothing, and on two cores each is mostly waiting on one. Each command's output is held
# and printed whole when it ends, so two logs never interleave.
set -uo pipefail

pids=()
logs=()
for command in "$@"; do
  log=$(mktemp)
  logs+=("$log")
  bash -c "$command" >"$log" 2>&1 &
  pids+=($!)
done

status=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    status=1
    failed=$((i + 1))
    echo "together: failed: ${!failed}" >&2
  fi
  cat "${logs[$i]}"
  rm -f "${logs[$i]}"
done
exit "$status"
