#!/usr/bin/env bash
# An application's CI round trip for its migrations, as seed 000 asks ("test migration
# up, verify, test rollback, verify, re-apply"), with this repository's commands:
#
#   DATABASE_URL=postgres://ci@localhost/app_ci bash examples/ci.sh
#
# DATABASE_URL is a database CI may change (created empty by the CI job); `verify`
# works beside it, on a scratch database of its own on the same server. MIGRATE is the
# application's migration binary (this repository's by default).
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a migrate <<<"${MIGRATE:-cargo run --quiet -p cli --}"
step() { printf '\n==> %s\n' "$*"; }

step "every down undoes its up (scratch database)"
"${migrate[@]}" verify

step "migration up"
"${migrate[@]}" up
"${migrate[@]}" status --check

step "verify: the schema is the one the migrations make"
"${migrate[@]}" drift

step "rollback of the whole batch"
"${migrate[@]}" down
pending=$("${migrate[@]}" status --json | grep -c '"state": "pending"' || true)
echo "pending after the rollback: $pending"
[ "$pending" -gt 0 ] || { echo "the rollback left nothing pending" >&2; exit 1; }

step "re-apply, and verify again"
"${migrate[@]}" up
"${migrate[@]}" status --check --drift
