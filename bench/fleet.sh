#!/usr/bin/env bash
# Benchmark: one `up` over a fleet of databases, with --jobs 1 and --jobs 8, against
# the shell loop a team writes without fleets (one `up` per database, one after the
# other).
#
#   bash bench/fleet.sh            (TARGETS=200 databases, MIGRATIONS=10 each)
#
# Each run starts from TARGETS fresh, empty databases on the local server
# (migrator_bench_fleet_NNN) and applies the `generated:MIGRATIONS` fixture set (a
# table and an index per migration) with the release `fixture` binary, the real
# command line. The fleet is an environment of migrator.toml whose `targets_query`
# lists the databases. While each run lasts, one psql session samples the server's
# connections from the runner (application_name `migrator`) every 20 ms; the peak is
# reported. After each run every database is checked: MIGRATIONS tracking rows in
# batch 1 and MIGRATIONS tables. Then a no-op `up` and `status` of the whole fleet
# (--jobs 8) are timed. One run of each: creating the databases dominates a repeat.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/timing.sh
. bench/timing.sh

targets=${TARGETS:-200}
migrations=${MIGRATIONS:-10}
prefix=migrator_bench_fleet_
cargo build --quiet --release -p tests --bin fixture --target-dir target/bench
bin=$PWD/target/bench/release/fixture
export FIXTURE="generated:$migrations"

dir=$(mktemp -d)
trap '[ -z "${sampler:-}" ] || kill -- -"$sampler" 2>/dev/null; rm -rf "$dir"' EXIT
cat >"$dir/migrator.toml" <<EOF
[environments.fleet]
url = "$server"
targets_query = "SELECT datname AS database FROM pg_database WHERE datname LIKE '${prefix}%' ORDER BY 1"
EOF

databases() { psql -X -At -d "$server" -c "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%' ORDER BY 1"; }
fresh_fleet() {
    for db in $(databases); do sql "DROP DATABASE $db WITH (FORCE)"; done
    for ((i = 1; i <= targets; i++)); do sql "CREATE DATABASE $(printf '%s%03d' "$prefix" "$i")"; done
}
# Every database has the fleet's migrations, as one batch, and their tables.
check_fleet() {
    local db rows tables
    for db in $(databases); do
        rows=$(psql -X -At -d "$(db_url "$db")" -c "SELECT count(*) || '/' || max(batch) FROM migrations")
        tables=$(psql -X -At -d "$(db_url "$db")" -c "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'gen_%'")
        [ "$rows" = "$migrations/1" ] && [ "$tables" = "$migrations" ] ||
            { echo "$db: tracking $rows, $tables tables; expected $migrations/1 and $migrations" >&2; exit 1; }
    done
}
# Samples the runner's connections into $dir/samples until stopped: one psql session
# (autocommit, so each count is fresh) fed a query every 20 ms.
start_sampler() {
    : >"$dir/samples"
    setsid bash -c "while :; do
        echo \"SELECT count(*) FROM pg_stat_activity WHERE application_name = 'migrator';\"
        sleep 0.02
    done | psql -X -At -d '$server' >'$dir/samples' 2>/dev/null" </dev/null >/dev/null 2>&1 &
    sampler=$!
}
# Stops the sampler (its whole process group) and prints the peak.
stop_sampler() {
    kill -- -"$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    sampler=""
    sort -n "$dir/samples" | tail -1
}
# Runs "$@" on a fresh fleet, checks it, and adds its row; the wall time goes to $dir/$label.
run() {
    local label=$1 name=$2 wall peak; shift 2
    fresh_fleet
    start_sampler
    wall=$(timed "$@")
    peak=$(stop_sampler)
    check_fleet
    printf '| %s | %.2f | %s |\n' "$label" "$wall" "$peak" >>"$dir/rows"
    echo "$wall" >"$dir/$name"
}

loop() {
    for db in $(databases); do "$bin" --database-url "$(db_url "$db")" up >/dev/null; done
}
fleet() { (cd "$dir" && "$bin" --env fleet up "$@"); }

run "shell loop, one \`up\` per database" baseline loop
run "\`up --jobs 1\`" one fleet --jobs 1
run "\`up --jobs 8\`" eight fleet --jobs 8
baseline=$(cat "$dir/baseline") one=$(cat "$dir/one") eight=$(cat "$dir/eight")
noop=$(timed fleet --jobs 8)
status=$(timed bash -c "cd '$dir' && '$bin' --env fleet status --jobs 8")

echo "$targets databases × $migrations migrations ($(nproc) cores):"
echo
printf '| run | wall (s) | peak connections |\n|---|---|---|\n'
cat "$dir/rows"
printf '| no-op `up --jobs 8` (all up to date) | %.2f | |\n' "$noop"
printf '| `status --jobs 8` | %.2f | |\n' "$status"
echo
printf 'jobs 1 / shell loop: %.2f; jobs 8 / shell loop: %.2f; jobs 8 / jobs 1: %.2f\n' \
    "$(echo "$one / $baseline" | bc -l)" "$(echo "$eight / $baseline" | bc -l)" "$(echo "$eight / $one" | bc -l)"
for db in $(databases); do sql "DROP DATABASE $db WITH (FORCE)"; done
