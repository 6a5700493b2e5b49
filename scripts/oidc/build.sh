#!/usr/bin/env bash
# Builds the test OpenID provider (op/main.go: zitadel/oidc v3's OpenID Certified `op` package with its example
# storage and login page) from the Go module proxy, once per version of op/ (go.mod, go.sum and main.go are hashed
# into the name), into a cache outside the repository: $GATEHOUSE_OIDC_CACHE, else $XDG_CACHE_HOME/gatehouse/oidc,
# else ~/.cache/gatehouse/oidc. Prints the binary's path. Exit 3 without Go, like scripts/k8s/build.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${GATEHOUSE_OIDC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse/oidc}"
hash="$(cat "$here/op/go.mod" "$here/op/go.sum" "$here/op/main.go" | sha256sum | cut -c1-12)"
out="$cache/gatehouse-test-op-$hash"
if [ -x "$out" ]; then echo "$out"; exit 0; fi
command -v go >/dev/null || { echo "go is not installed: cannot build the test OpenID provider" >&2; exit 3; }
mkdir -p "$cache"
echo "building the test OpenID provider (zitadel/oidc v3; ~1 min the first time; cached in $cache)" >&2
(cd "$here/op" && CGO_ENABLED=0 GOFLAGS=-mod=readonly nice -n 19 go build -trimpath -ldflags "-s -w" -o "$out.tmp" .)
mv "$out.tmp" "$out"
echo "$out"
