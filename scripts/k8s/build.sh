#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go module proxy (no Docker, no release downloads), once per version,
# into a cache outside the repository: $GATEHOUSE_K8S_CACHE, else $XDG_CACHE_HOME/gatehouse/k8s, else
# ~/.cache/gatehouse/k8s. Prints the directory holding the two binaries.
# The wrapper modules (go.mod + go.sum) in scripts/k8s/bins pin exact versions; see the README's Kubernetes section.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
K8S=v1.35.4
ETCD=v3.6.14
cache="${GATEHOUSE_K8S_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse/k8s}"
out="$cache/kube-apiserver-$K8S-etcd-$ETCD"
if [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ]; then echo "$out"; exit 0; fi
command -v go >/dev/null || { echo "go is not installed: cannot build kube-apiserver" >&2; exit 3; }
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$here/bins/kube-apiserver-$K8S" "$work/apiserver"
cp -r "$here/bins/etcd-$ETCD" "$work/etcd"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
if [ ! -x "$out/kube-apiserver" ]; then
  echo "building kube-apiserver $K8S (first time ~15 min on 2 cores; cached in $out)" >&2
  commit="$(cd "$work/apiserver" && go mod download -json "k8s.io/kubernetes@$K8S" | sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]*\)".*/\1/p' | head -1)"
  minor="$(echo "$K8S" | cut -d. -f2)"
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$K8S -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean -X $p.gitCommit=$commit"
  done
  (cd "$work/apiserver" && nice -n 19 go build -trimpath -ldflags "$ld" -o "$out/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver)
  mv "$out/kube-apiserver.tmp" "$out/kube-apiserver"
fi
if [ ! -x "$out/etcd" ]; then
  echo "building etcd $ETCD" >&2
  (cd "$work/etcd" && nice -n 19 go build -trimpath -ldflags "-s -w" -o "$out/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$out/etcd.tmp" "$out/etcd"
fi
echo "$out"
