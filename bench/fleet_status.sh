#!/usr/bin/env bash
# Benchmark: `status` of a fleet as each target's history grows.
#
#   bash bench/fleet_status.sh [N ...]    (default: 100 10000; TARGETS=8 databases,
#                                          REPS=9 rounds, median)
#   BEFORE=path/to/fixture bash bench/fleet_status.sh   (also times that binary)
#
# For each N, one database gets N applied migrations (the `generated:N` fixture set,
# applied in batches of 1,000 as bench/noop.sh does), and TARGETS copies of it are
# made (`CREATE DATABASE … TEMPLATE`). An environment of migrator.toml lists the
# copies with `targets_query`, and the release `fixture` binary (the real command
# line) times `status --jobs 8` of the whole fleet. With BEFORE set, that binary (an
# earlier build of the same fixture) is timed in the same rounds, so the two compare
# on the same databases and the same minute. The rounds are interleaved (each round
# times every binary at every N) so that a machine changing speed moves them alike.
# Afterwards every copy must still hold its N tracking rows, unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-9}
targets=${TARGETS:-8}
# shellcheck source=bench/timing.sh
. bench/timing.sh

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 10000)
cargo build --quiet --release -p tests --bin fixture --target-dir target/bench
bins=("after=$PWD/target/bench/release/fixture")
[ -z "${BEFORE:-}" ] || bins=("before=$(realpath "$BEFORE")" "${bins[@]}")

prefix=migrator_bench_fstatus_
dir=$(mktemp -d)
databases() { psql -X -At -d "$server" -c "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%' ORDER BY 1"; }
drop_all() { for db in $(databases); do sql "DROP DATABASE $db WITH (FORCE)"; done; }
trap 'drop_all; rm -rf "$dir"' EXIT
drop_all

{
    for n in "${sizes[@]}"; do
        printf '[environments.fleet_%s]\nurl = "%s"\n' "$n" "$server"
        printf "targets_query = \"SELECT datname AS database FROM pg_database WHERE datname LIKE '%sn%sx%%' ORDER BY 1\"\n" "$prefix" "$n"
    done
} >"$dir/migrator.toml"

for n in "${sizes[@]}"; do
    template="${prefix}template_$n"
    fresh "$template"
    for ((to = 1000; to < n + 1000; to += 1000)); do
        FIXTURE="generated:$n" target/bench/release/fixture --database-url "$(db_url "$template")" \
            up --to "$((to < n ? to : n))" >/dev/null
    done
    for ((i = 1; i <= targets; i++)); do
        sql "CREATE DATABASE $(printf '%sn%sx_%03d' "$prefix" "$n" "$i") TEMPLATE $template STRATEGY FILE_COPY"
    done
    sql "DROP DATABASE $template"
done

times=$(mktemp -d -p "$dir")
for ((r = 0; r < REPS; r++)); do
    for n in "${sizes[@]}"; do
        for bin in "${bins[@]}"; do
            (cd "$dir" && FIXTURE="generated:$n" timed "${bin#*=}" --env "fleet_$n" status --jobs 8) \
                >>"$times/${bin%%=*}_$n"
        done
    done
done

printf '| N | targets |'
for bin in "${bins[@]}"; do printf ' `status` of the fleet, %s (ms) |' "${bin%%=*}"; done
[ -z "${BEFORE:-}" ] || printf ' after / before |'
printf ' after / after at first N |\n|---|---|'
for _ in "${bins[@]}"; do printf -- '---|'; done
[ -z "${BEFORE:-}" ] || printf -- '---|'
printf -- '---|\n'
first=""
for n in "${sizes[@]}"; do
    for ((i = 1; i <= targets; i++)); do
        db=$(printf '%sn%sx_%03d' "$prefix" "$n" "$i")
        rows=$(psql -X -At -d "$(db_url "$db")" -c "SELECT count(*) FROM migrations")
        [ "$rows" = "$n" ] || { echo "$db: $rows tracking rows, expected $n" >&2; exit 1; }
    done
    after=$(median <"$times/after_$n")
    [ -n "$first" ] || first=$after
    printf '| %s | %s |' "$n" "$targets"
    for bin in "${bins[@]}"; do
        printf ' %.1f |' "$(echo "$(median <"$times/${bin%%=*}_$n") * 1000" | bc -l)"
    done
    [ -z "${BEFORE:-}" ] || printf ' %.2f |' "$(echo "$after / $(median <"$times/before_$n")" | bc -l)"
    printf ' %.2f |\n' "$(echo "$after / $first" | bc -l)"
done
