#!/usr/bin/env bash
# Benchmark: what `up` costs beyond the SQL it runs.
#
#   bash bench/run.sh [N ...]        (default: 100 1000; REPS=3 runs each, median kept)
#
# For each N it generates N small migrations (create a table, insert 100 rows, create
# an index), builds the CLI with them compiled in (release, through
# MIGRATOR_MIGRATIONS_DIR), and times on a fresh database each time:
#   - `up` of all N, as one batch;
#   - `psql -1 -f` of the same statements concatenated: the floor (same statements,
#     one transaction, no tracking, no lock);
#   - a no-op `up` and `status` on the migrated database.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/timing.sh
. bench/timing.sh

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

generate() {
    local n=$1 dir=$2 all=$3 i table
    mkdir -p "$dir"
    : >"$all"
    for ((i = 1; i <= n; i++)); do
        table=$(printf 'bench_%04d' "$i")
        local create="CREATE TABLE $table (id int PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())"
        local insert="INSERT INTO $table (id, name) SELECT g, 'row ' || g FROM generate_series(1, 100) AS g"
        local index="CREATE INDEX ${table}_name_idx ON $table (name)"
        printf 'migration! {\n    up {\n        sql("%s");\n        sql("%s");\n        sql("%s");\n    }\n    down { sql("DROP TABLE %s"); }\n}\n' \
            "$create" "$insert" "$index" "$table" >"$dir/$(printf '%03d' "$i")_create_$table.rs"
        printf '%s;\n%s;\n%s;\n' "$create" "$insert" "$index" >>"$all"
    done
}

printf '| N | up (s) | psql -1 -f (s) | up / psql | no-op up (ms) | status (ms) |\n'
printf '|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
    dir="$work/migrations-$n"
    all="$work/all-$n.sql"
    generate "$n" "$dir" "$all"
    MIGRATOR_MIGRATIONS_DIR="$dir" cargo build --quiet --release -p cli --target-dir target/bench
    bin="$work/cli-$n"
    cp target/bench/release/cli "$bin"
    db="migrator_bench_$n"
    url=$(db_url "$db")

    up=$(time_fresh "$db" "$bin" --database-url "$url" up)
    floor=$(time_fresh "$db" psql -X -q -1 -v ON_ERROR_STOP=1 -d "$url" -f "$all")
    # The last fresh database holds the psql run; migrate one properly for the no-op runs.
    fresh "$db"
    "$bin" --database-url "$url" up >/dev/null
    noop=$(time_again "$bin" --database-url "$url" up)
    status=$(time_again "$bin" --database-url "$url" status)
    applied=$(psql -X -At -d "$url" -c "SELECT count(*) FROM migrations")
    [ "$applied" = "$n" ] || { echo "expected $n tracking rows, found $applied" >&2; exit 1; }
    sql "DROP DATABASE $db"

    printf '| %s | %.3f | %.3f | %.2f | %.1f | %.1f |\n' "$n" "$up" "$floor" \
        "$(echo "$up / $floor" | bc -l)" "$(echo "$noop * 1000" | bc -l)" "$(echo "$status * 1000" | bc -l)"
done
