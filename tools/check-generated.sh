#!/usr/bin/env bash
# Fails when the generated TypeScript protobuf code is not what `pnpm generate` makes from proto/
# now. The Go side (interop/gen) is interop/check-generated.sh; `pnpm generate:check` runs both.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
PATH="$PWD/node_modules/.bin:$PATH" buf generate --output "$out"
if ! diff -r "$out/packages/grpc-services/src/gen" packages/grpc-services/src/gen >/dev/null; then
  echo "generated code is stale: run 'pnpm generate' and commit the result" >&2
  diff -r "$out/packages/grpc-services/src/gen" packages/grpc-services/src/gen >&2 || true
  exit 1
fi
echo "generated code is up to date"
