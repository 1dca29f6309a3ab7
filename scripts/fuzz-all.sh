#!/usr/bin/env bash
# Runs every Go fuzz target in the module for a short time (default 10s
# each). Go allows one -fuzz target per invocation, so targets are listed
# with `go test -list` and run one by one.
set -euo pipefail
fuzztime="${1:-10s}"
cd "$(dirname "$0")/.."
count=0
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  grep -lq '^func Fuzz' "$dir"/*_test.go 2>/dev/null || continue
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    echo "fuzz: $pkg $target ($fuzztime)"
    go test -run='^$' -fuzz="^${target}\$" -fuzztime="$fuzztime" "$pkg" >/tmp/corridor-fuzz.log 2>&1 || { cat /tmp/corridor-fuzz.log; exit 1; }
    count=$((count+1))
  done
done
echo "fuzz: $count targets ran without failure"
