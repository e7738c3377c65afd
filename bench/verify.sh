#!/usr/bin/env bash
# Benchmark: what `verify` (each migration applied, reverted and applied again on a
# scratch database, the catalog compared after each) costs against the SQL floor of
# the same round trips.
#
#   bash bench/verify.sh [N ...]     (default: 200; REPS=3 runs each, median kept)
#
# For the example set (db/migrations) and for each N generated migrations (a table
# with a default, a check, a comment and 100 rows, and an index; the down drops the
# table), built into the CLI in release mode through MIGRATOR_MIGRATIONS_DIR, it times:
#   - `verify`, the scratch database's creation and removal included;
#   - the floor: psql running, on a fresh database, each migration's up, its down and
#     its up again, statement by statement (the statements verify runs, without
#     transactions, tracking, locks or catalog reads).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/timing.sh
. bench/timing.sh

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(200)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# N migrations in $2, and in $3 the floor's script: up, down, up of each.
generate() {
    local n=$1 dir=$2 floor=$3 i table up down
    mkdir -p "$dir"
    : >"$floor"
    for ((i = 1; i <= n; i++)); do
        table=$(printf 'verify_%04d' "$i")
        up=(
            "CREATE TABLE $table (id int PRIMARY KEY, name text NOT NULL DEFAULT 'none', score int CHECK (score >= 0))"
            "COMMENT ON TABLE $table IS 'table $i'"
            "INSERT INTO $table (id, name) SELECT g, 'row ' || g FROM generate_series(1, 100) AS g"
            "CREATE INDEX ${table}_name_idx ON $table (name)"
        )
        down="DROP TABLE $table"
        {
            printf 'migration! {\n    up {\n'
            printf '        sql("%s");\n' "${up[@]}"
            printf '    }\n    down { sql("%s"); }\n}\n' "$down"
        } >"$dir/$(printf '%03d' "$i")_create_$table.rs"
        { printf '%s;\n' "${up[@]}"; printf '%s;\n' "$down"; printf '%s;\n' "${up[@]}"; } >>"$floor"
    done
}

# One row: the set's name, its size, the verify binary, the floor script.
measure() {
    local name=$1 n=$2 bin=$3 floor=$4 db=migrator_bench_verify url verify base
    url=$(db_url "$db")
    fresh "$db"
    verify=$(time_again "$bin" --database-url "$url" verify)
    # verify never writes to its target: no tracking table there afterwards.
    [ "$(psql -X -At -d "$url" -c "SELECT to_regclass('migrations') IS NULL")" = t ] ||
        { echo "verify wrote to its target" >&2; exit 1; }
    base=$(time_fresh "$db" psql -X -q -v ON_ERROR_STOP=1 -d "$url" -f "$floor")
    sql "DROP DATABASE $db"
    printf '| %s | %s | %.2f | %.2f | %.1f |\n' "$name" "$n" "$verify" "$base" "$(echo "$verify / $base" | bc -l)"
}

printf '| set | migrations | verify (s) | floor: up, down, up in psql (s) | verify / floor |\n'
printf '|---|---|---|---|---|\n'

# The example set: its floor is the SQL `show` prints for each migration, the up part
# (before the first `-- down step`), the down part, then the up part again.
cargo build --quiet --release -p cli --target-dir target/bench
cp target/bench/release/cli "$work/cli-example"
example="$work/example.sql"
: >"$example"
count=0
for file in db/migrations/[0-9]*.rs; do
    id=$(basename "$file" | cut -d_ -f1)
    shown=$("$work/cli-example" show "$id")
    up=$(printf '%s\n' "$shown" | awk '/^-- down step/ { exit } { print }')
    down=$(printf '%s\n' "$shown" | awk '/^-- down step/ { on = 1 } on { print }')
    printf '%s\n%s\n%s\n' "$up" "$down" "$up" >>"$example"
    count=$((count + 1))
done
measure example "$count" "$work/cli-example" "$example"

for n in "${sizes[@]}"; do
    dir="$work/migrations-$n"
    floor="$work/floor-$n.sql"
    generate "$n" "$dir" "$floor"
    MIGRATOR_MIGRATIONS_DIR="$dir" cargo build --quiet --release -p cli --target-dir target/bench
    cp target/bench/release/cli "$work/cli-$n"
    measure generated "$n" "$work/cli-$n" "$floor"
done
