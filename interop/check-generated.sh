#!/usr/bin/env bash
# The Go code generated from proto/ into interop/gen (see interop/buf.gen.yaml).
#   bash interop/check-generated.sh           fails when interop/gen is not what proto/ makes now
#   bash interop/check-generated.sh --write   regenerates interop/gen (`pnpm generate:go`)
# The plugins are interop/go.mod tools, built once into .cache/tools from the module cache, with the
# flags interop/build.sh uses so the programs' build reuses their protobuf packages; Go but no
# network is needed once the modules are there.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v go >/dev/null 2>&1; then
  echo "interop: go is not on PATH; the Go generated code (interop/gen) was NOT checked" >&2
  exit 0
fi
export GOMODCACHE="$PWD/.cache/gomod"
export GOCACHE="$PWD/.cache/gobuild"
export GOFLAGS="-modcacherw -mod=readonly"
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
buf=../node_modules/.bin/buf

# One build of both plugins (a `go tool` run per plugin and per proto folder cost a minute on a
# fresh cache); buf.gen.yaml names them bare, so this folder must come first on PATH.
go build -trimpath -o .cache/tools/ tool
export PATH="$PWD/.cache/tools:$PATH"

if [[ "${1:-}" == "--write" ]]; then
  "$buf" generate
  echo "interop: regenerated interop/gen"
  exit 0
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$buf" generate --output "$out"
if ! diff -r "$out/gen" gen >/dev/null; then
  echo "interop/gen is stale: run 'pnpm generate:go' and commit the result" >&2
  diff -r "$out/gen" gen >&2 || true
  exit 1
fi
echo "interop: Go generated code is up to date"
