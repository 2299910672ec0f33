#!/usr/bin/env bash
# Installs the pinned FerretDB (MongoDB-wire-compatible, SQLite backend) into
# .tools/bin/ferretdb, the local database for development, tests and `npm start`.
#
# `go install …@version` alone is not enough for FerretDB v1: its build embeds a
# version.txt that the module download does not contain. So the module is fetched
# with the Go module proxy, copied, given that file, and built.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="v1.24.2"
BIN=".tools/bin/ferretdb"

# `npm start` calls this with --unless-mongodb-uri: a deployment on MongoDB needs no FerretDB (nor Go).
if [ "${1:-}" = "--unless-mongodb-uri" ] && [ -n "${MONGODB_URI:-}" ]; then
  exit 0
fi

# Output is captured, never piped into head/grep -q: under pipefail, a reader that
# stops early kills ferretdb with SIGPIPE and the script fails with exit 141.
if [ -x "$BIN" ] && [[ "$("$BIN" --version 2>/dev/null)" == *"version: $VERSION"* ]]; then
  echo "FerretDB $VERSION already installed at $BIN"
  exit 0
fi
command -v go >/dev/null || { echo "install-ferretdb: Go is required (https://go.dev)" >&2; exit 1; }

export GOFLAGS=-mod=mod
src=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"
echo "$VERSION" > "$work/build/version/version.txt"
mkdir -p .tools/bin
(cd "$work" && go build -trimpath -o "$OLDPWD/$BIN" ./cmd/ferretdb)
installed=$("$BIN" --version)
echo "${installed%%$'\n'*}"
