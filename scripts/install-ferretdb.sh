#!/usr/bin/env bash
# Installs the pinned FerretDB (MongoDB-wire-compatible, SQLite backend) into
# .tools/bin/ferretdb, the local database for development, tests and `npm start`.
#
# `go install …@version` alone is not enough for FerretDB v1: its build embeds a
# version.txt that the module download does not contain. So the module is fetched
# with the Go module proxy, copied, given that file, patched (below), and built.
#
# The patch: FerretDB v1.24 creates each collection's `_id` index on the expression
# `_ferretdb_sjson->"_id"` but looks documents up by `_ferretdb_sjson->'$._id'`. The two
# mean the same to SQLite's JSON operator, yet its planner only uses an index on an
# expression written the same way, so every lookup, update and delete by `_id` scanned the
# whole collection. Writing the lookup as the index is written makes each of them an index
# search (EXPLAIN QUERY PLAN: `SEARCH … USING INDEX …__id_ (<expr>=?)` instead of `SCAN …`),
# on databases created before as well: their index is the same.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="v1.24.2"
# What the build calls itself: a binary built before the patch has another name and is rebuilt.
BUILD="$VERSION-kaohe.1"
BIN=".tools/bin/ferretdb"

# `npm start` calls this with --unless-mongodb-uri: a deployment on MongoDB needs no FerretDB (nor Go).
if [ "${1:-}" = "--unless-mongodb-uri" ] && [ -n "${MONGODB_URI:-}" ]; then
  exit 0
fi

# Output is captured, never piped into head/grep -q: under pipefail, a reader that
# stops early kills ferretdb with SIGPIPE and the script fails with exit 141.
if [ -x "$BIN" ] && [[ "$("$BIN" --version 2>/dev/null)" == *"version: $BUILD"$'\n'* ]]; then
  echo "FerretDB $BUILD already installed at $BIN"
  exit 0
fi
command -v go >/dev/null || { echo "install-ferretdb: Go is required (https://go.dev)" >&2; exit 1; }

export GOFLAGS=-mod=mod
src=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"
echo "$BUILD" > "$work/build/version/version.txt"
id_column="$work/internal/backends/sqlite/metadata/metadata.go"
sed -i "s|IDColumn = DefaultColumn + \"->'\\\$._id'\"|IDColumn = DefaultColumn + \"->'_id'\"|" "$id_column"
grep -q "IDColumn = DefaultColumn + \"->'_id'\"" "$id_column" || { echo "install-ferretdb: the _id lookup patch did not apply" >&2; exit 1; }
mkdir -p .tools/bin
# Built beside and moved into place: a FerretDB running from the old binary keeps it.
(cd "$work" && go build -trimpath -o "$OLDPWD/$BIN.new" ./cmd/ferretdb)
mv -f "$BIN.new" "$BIN"
installed=$("$BIN" --version)
echo "${installed%%$'\n'*}"
