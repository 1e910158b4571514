#!/usr/bin/env bash
# Builds the Go test programs of interop/ (the reference's own libraries, driven by our tests)
# into interop/bin. Modules and build cache stay inside the checkout's ignored interop/.cache, so a
# second run is quick and nothing outside the checkout is written. Called by `pnpm test` and
# `pnpm bench` (`--download-only`: fetch the modules through the proxy and stop, for .ci/run).
# Go is needed for the tests, not to run the node.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<'MSG'
interop: `go` was not found on PATH.
  The test suite proves wire compatibility against programs built on the Go reference's own
  libraries (go-libp2p, go-libp2p-pubsub, go-libp2p-kad-dht, grpc-go), so it needs Go: 1.26.6 or
  later, or any Go from 1.21 on, which fetches the 1.26 toolchain interop/go.mod asks for through
  the module proxy by itself (https://go.dev/doc/install). Running the node does not need Go.
MSG
  exit 1
fi

export GOMODCACHE="$PWD/.cache/gomod"
export GOCACHE="$PWD/.cache/gobuild"
# Module files are read-only by default, which makes `rm -rf interop/.cache` fail.
export GOFLAGS="-modcacherw -mod=readonly"
# go.mod asks for a newer toolchain than an older Go may have: let Go fetch it through the proxy.
export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"

started=$(date +%s)
go mod download
if [ "${1:-}" = "--download-only" ]; then
  echo "interop: $(go version); modules of interop/go.mod downloaded into interop/.cache/gomod"
  exit 0
fi
echo "interop: $(go version); building the Go test programs into interop/bin"
go build -trimpath -o bin/ ./cmd/...
echo "interop: built $(ls bin | tr '\n' ' ')in $(( $(date +%s) - started )) s"
