#!/usr/bin/env bash
# Fuzzes `serve`'s HTTP API from its own OpenAPI document with schemathesis (from PyPI,
# into a virtualenv under target/), for a bounded time: every route, with valid and
# invalid inputs, an admin token, against a fresh database with the example
# migrations. Fails on any 5xx, on a status code, header or body the document does
# not declare, and on a crash.
#
# Usage: scripts/fuzz_api.sh [SECONDS]   (default 60; PGHOST, PGPORT, PGUSER as psql)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
host=${PGHOST:-127.0.0.1}
port=${PGPORT:-5432}
user=${PGUSER:-postgres}
venv=target/schemathesis
if [ ! -x "$venv/bin/st" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'schemathesis==4.32.5'
fi
cargo build --quiet -p cli

database=pgbatch_fuzz_$$
token=fuzz-admin-token-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
log=$(mktemp)
psql -h "$host" -p "$port" -U "$user" -d postgres -qc "CREATE DATABASE $database"
server=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    psql -h "$host" -p "$port" -U "$user" -d postgres -qc \
        "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
    rm -f "$log"
}
trap cleanup EXIT

MIGRATOR_API_ADMIN_TOKEN=$token target/debug/cli \
    --database-url "postgres://$user@$host:$port/$database" \
    serve --listen 127.0.0.1:0 --rate-limit 1000000 --burst 1000000 --run-wait 60s \
    2> "$log" &
server=$!
url=
for _ in $(seq 600); do
    url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$log" | head -n 1)
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "error: serve did not start within a minute" >&2; cat "$log" >&2; exit 1; }

# /readyz is left out: its documented 503 (pending migrations: not ready) is the
# answer a probe wants, and it takes no input; the Rust tests cover it.
status=0
"$venv/bin/st" run "$url/api/openapi.json" \
    --header "Authorization: Bearer $token" \
    --exclude-path /readyz \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --max-time "$seconds" --workers 2 --request-timeout 120 \
    || status=$?
if ! kill -0 "$server" 2>/dev/null; then
    echo "error: the server died during the run" >&2
    cat "$log" >&2
    exit 1
fi
if grep -q "$token" "$log"; then
    echo "error: the token is in the server's log" >&2
    exit 1
fi
exit $status
