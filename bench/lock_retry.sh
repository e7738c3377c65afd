#!/usr/bin/env bash
# Benchmark: how long readers of a table are blocked while `up` retries a migration
# that hits `lock_timeout`.
#
#   bash bench/lock_retry.sh [BASE_REV] [REV]
#       (defaults: a1754c7, the fixed 0.5 s / 1 s / 2 s … pauses; HEAD)
#       environment: ROUNDS=3 runs of each revision, alternating, medians kept;
#       HOLD=20 seconds the blocking transaction stays open; LOCK_TIMEOUT=2s;
#       SLOW_MS=100, the latency above which a read counts as blocked;
#       BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres
#
# Builds the CLI of BASE_REV and of REV (git worktrees of the commits, so edits made
# meanwhile do not count; release builds, each in a target directory of its own under
# target/, kept for the next run) with two migrations compiled in (through
# MIGRATOR_MIGRATIONS_DIR): 001 creates `items`, 002 adds a column to it. Then, ROUNDS
# times for each revision, on a fresh database:
#   - `items` (10,000 rows) is created with psql and 001 recorded with `baseline`, so
#     `up` runs only 002's `ALTER TABLE items ADD COLUMN`, which needs ACCESS EXCLUSIVE;
#   - a blocker opens a transaction that reads `items` (ACCESS SHARE) and sleeps HOLD s;
#   - once its lock shows in pg_locks, four pgbench clients read `items` by primary key
#     for HOLD + 15 s, logging every transaction;
#   - once they are connected, `up --lock-timeout LOCK_TIMEOUT --lock-retries 12` runs.
#     Each attempt waits in the lock queue for up to LOCK_TIMEOUT, and the readers
#     queue behind it; between attempts they read freely; the attempt after the
#     blocker commits succeeds.
# From pgbench's per-transaction log: the share of the migrator's run (its start to its
# end, the retry window) during which reads were blocked (the union of the
# [start, end] intervals of reads slower than SLOW_MS), and the slowest read; with the
# migrator's wall time and its lockRetries. Prints the medians per revision.
set -euo pipefail
shopt -s inherit_errexit # each run is a command substitution
cd "$(dirname "$0")/.."
here=$(pwd)
base_rev=${1:-a1754c7}
rev=${2:-HEAD}
rounds=${ROUNDS:-3}
hold=${HOLD:-20}
lock_timeout=${LOCK_TIMEOUT:-2s}
slow_ms=${SLOW_MS:-100}
server=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
export PGOPTIONS="-c client_min_messages=warning"
started=$(date +%s)

work=$(mktemp -d)
cleanup() {
    # Dropping the databases WITH (FORCE) also ends a blocker or readers an error left.
    for t in base current; do
        git -C "$here" worktree remove --force "$work/$t" >/dev/null 2>&1 || true
        psql -X -q -d "$server" -c "DROP DATABASE IF EXISTS bench_lock_$t WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
git worktree add --detach "$work/base" "$base_rev" >/dev/null 2>&1
git worktree add --detach "$work/current" "$rev" >/dev/null 2>&1

mkdir -p "$work/migrations"
printf 'migration! {\n    createTable("items", { id: "id", name: { type: "text", notNull: true } });\n}\n' \
    >"$work/migrations/001_create_items.rs"
printf 'migration! {\n    addColumn("items", { note: "text" });\n}\n' >"$work/migrations/002_add_note.rs"
printf '\\set id random(1, 10000)\nSELECT count(*) FROM items WHERE id = :id;\n' >"$work/read.sql"

now() { date +%s.%N; }
db_url() { printf '%s' "${server%/*}/$1"; }
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }

# Polls the query $2 on database $1 until it prints $3; gives up after $4 seconds.
wait_for() {
    local deadline
    deadline=$(($(date +%s) + $4))
    until [ "$(sql "$1" "$2")" = "$3" ]; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            echo "gave up after $4 s waiting for: $2" >&2
            return 1
        fi
        sleep 0.05
    done
}

cargo fetch --quiet
for tree in base current; do
    target=$here/target/bench-lock-retry-$tree
    if ! (cd "$work/$tree" && MIGRATOR_MIGRATIONS_DIR="$work/migrations" \
        cargo build --quiet --release -p cli --target-dir "$target") >"$work/$tree.log" 2>&1; then
        echo "the $tree tree does not build:" >&2
        tail -n 30 "$work/$tree.log" >&2
        exit 1
    fi
    cp "$target/release/cli" "$work/cli-$tree"
done
built=$(date +%s)

# The per-transaction logs of one run → "blocked_percent max_read_ms".
cat >"$work/blocked.py" <<'PY'
import glob, sys

prefix, t0, t1, slow_ms = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
slow, longest = [], 0.0
for path in glob.glob(prefix + ".*"):
    for line in open(path):
        # client transaction latency_us script epoch_s epoch_us: the time is the end.
        f = line.split()
        if len(f) < 6 or not f[2].isdigit():
            sys.exit(f"{path}: a read failed or was skipped: {line.strip()}")
        latency = int(f[2]) / 1e6
        end = int(f[4]) + int(f[5]) / 1e6
        start = end - latency
        if end < t0 or start > t1:
            continue
        longest = max(longest, latency)
        if latency * 1000 > slow_ms:
            slow.append((max(start, t0), min(end, t1)))
blocked, reach = 0.0, t0
for start, end in sorted(slow):
    if end > reach:
        blocked += end - max(start, reach)
        reach = end
print(f"{100 * blocked / (t1 - t0):.1f} {1000 * longest:.0f}")
PY

# One run of revision $1 → "blocked_percent max_read_ms wall_s retries".
run() {
    local tree=$1 db=bench_lock_$1 url t0 t1 out
    url=$(db_url "$db")
    sql "$server" "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
    sql "$server" "CREATE DATABASE $db" >/dev/null
    sql "$url" "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL);
        INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 10000) AS g; ANALYZE items" >/dev/null
    (cd "$work" && "$work/cli-$tree" --quiet --database-url "$url" baseline --to 1 --yes) >/dev/null

    printf 'BEGIN;\nSELECT id FROM items LIMIT 1;\nSELECT pg_sleep(%s);\nCOMMIT;\n' "$hold" |
        PGAPPNAME=bench_blocker psql -X -q -d "$url" >/dev/null &
    local blocker=$!
    wait_for "$url" "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid)
        WHERE a.application_name = 'bench_blocker' AND l.granted
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.relation = 'items'::regclass AND l.mode = 'AccessShareLock'" 1 10

    rm -f "$work"/reads.*
    pgbench -n -c 4 -j 2 -T $((hold + 15)) -f "$work/read.sql" --log --log-prefix="$work/reads" \
        "$url" >"$work/pgbench.out" 2>&1 &
    local readers=$!
    wait_for "$url" "SELECT count(*) FROM pg_stat_activity
        WHERE application_name = 'pgbench' AND datname = current_database()" 4 10

    t0=$(now)
    if ! out=$(cd "$work" && "$work/cli-$tree" --database-url "$url" --lock-timeout "$lock_timeout" \
        --lock-retries 12 up --json 2>"$work/migrator.err"); then
        echo "up failed on the $tree tree: $out" >&2
        cat "$work/migrator.err" >&2
        exit 1
    fi
    t1=$(now)
    wait "$blocker"
    if ! wait "$readers"; then
        echo "pgbench failed:" >&2
        cat "$work/pgbench.out" >&2
        exit 1
    fi
    # The readers must outlast the migrator, or the end of the window goes unmeasured.
    python3 - "$work" "$t1" <<'PY'
import glob, sys
last = max(int(l.split()[4]) + int(l.split()[5]) / 1e6
           for p in glob.glob(sys.argv[1] + "/reads.*") for l in open(p))
if last < float(sys.argv[2]):
    sys.exit("the readers stopped before the migrator ended; raise their -T")
PY
    [ "$(sql "$url" "SELECT count(*) FROM information_schema.columns
        WHERE table_name = 'items' AND column_name = 'note'")" = 1 ] ||
        { echo "up succeeded on the $tree tree but items.note is missing" >&2; exit 1; }

    printf '%s %s %s\n' \
        "$(python3 "$work/blocked.py" "$work/reads" "$t0" "$t1" "$slow_ms")" \
        "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')" \
        "$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["lockRetries"])' "$out")"
}

declare -A results
for round in $(seq 1 "$rounds"); do
    for tree in base current; do
        line=$(run "$tree")
        echo "round $round, $tree: blocked % / slowest read ms / wall s / retries: $line" >&2
        results[$tree]+="$line"$'\n'
    done
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column() { awk -v c="$2" 'NF { print $c }' <<<"${results[$1]}" | median; }
printf '\nMedians of %d runs; a %s s transaction blocks items; lock_timeout %s; a read slower than %s ms counts as blocked.\n\n' \
    "$rounds" "$hold" "$lock_timeout" "$slow_ms"
printf '| revision | readers blocked (%% of the retry window) | slowest read (ms) | migrator wall (s) | retries |\n|---|---|---|---|---|\n'
for tree in base current; do
    name=$base_rev
    [ "$tree" = current ] && name=$rev
    printf '| %s (%s) | %s | %s | %s | %s |\n' "$name" "$(git rev-parse --short "$name")" \
        "$(column "$tree" 1)" "$(column "$tree" 2)" "$(column "$tree" 3)" "$(column "$tree" 4)"
done
printf '\nBuilds %d s, runs %d s.\n' "$((built - started))" "$(($(date +%s) - built))"
