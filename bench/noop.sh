#!/usr/bin/env bash
# Benchmark: a no-op `up` and `status` as the history grows.
#
#   bash bench/noop.sh [N ...]       (default: 100 1000 10000; REPS=9 rounds, median)
#
# For each N, a fresh database gets N applied migrations (the `generated:N` fixture set:
# each creates a table with an index; its tracking row holds SQL of a typical size),
# applied in batches of 1,000 (`up --to`) so no batch outgrows a default server's lock
# table (64 × 100 locks: one batch of 10,000 such migrations fails at about 1,600),
# then the release `fixture` binary (the real command line) is timed running a no-op
# `up` and `status` on it (both read the tracking table's summary; `status` then lists
# the newest ten applied), beside psql running one query that reads the tracking table
# (`SELECT id, batch, checksum FROM migrations`): the floor of a process that connects
# and reads it. Targets (issue 15): N = 10,000 within 1.5× N = 100, and within 2× the
# psql query. The fixture binary builds its N migrations at start-up (an
# application's are static data): `--version` is timed too, and the last two columns
# take that start-up growth out.
#
# The runs are interleaved (each round times every command at every N, rounds
# repeated REPS times) so that a machine slowing down or speeding up during the run
# moves every N alike and the ratios stay true.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-9}
# shellcheck source=bench/timing.sh
. bench/timing.sh

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
cargo build --quiet --release -p tests --bin fixture --target-dir target/bench
bin=target/bench/release/fixture

printf '| N | no-op up (ms) | status (ms) | psql query (ms) | up / psql | status / psql | up / up at first N | status / status at first N | fixture start-up (ms) | up / up at first N, start-up growth taken out | status / status at first N, start-up growth taken out |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|\n'
batches=()
for n in "${sizes[@]}"; do
    db="migrator_bench_noop_$n"
    url=$(db_url "$db")
    fresh "$db"
    count=0
    for ((to = 1000; to < n + 1000; to += 1000)); do
        FIXTURE="generated:$n" "$bin" --database-url "$url" up --to "$((to < n ? to : n))" >/dev/null
        count=$((count + 1))
    done
    batches+=("$count")
    applied=$(psql -X -At -d "$url" -c "SELECT count(*) FROM migrations")
    [ "$applied" = "$n" ] || { echo "expected $n tracking rows, found $applied" >&2; exit 1; }
done

times=$(mktemp -d)
trap 'rm -rf "$times"' EXIT
for ((r = 0; r < REPS; r++)); do
    for n in "${sizes[@]}"; do
        url=$(db_url "migrator_bench_noop_$n")
        export FIXTURE="generated:$n"
        timed "$bin" --database-url "$url" up >>"$times/up_$n"
        timed "$bin" --database-url "$url" status >>"$times/status_$n"
        timed psql -X -q -At -d "$url" -c "SELECT id, batch, checksum FROM migrations" >>"$times/floor_$n"
        timed "$bin" --version >>"$times/start_$n"
        unset FIXTURE
    done
done

first_up="" first_status="" first_start=""
for i in "${!sizes[@]}"; do
    n=${sizes[$i]}
    db="migrator_bench_noop_$n"
    url=$(db_url "$db")
    noop=$(median <"$times/up_$n")
    status=$(median <"$times/status_$n")
    floor=$(median <"$times/floor_$n")
    start=$(median <"$times/start_$n")
    # Still N rows, none added by the no-op runs.
    after=$(psql -X -At -d "$url" -c "SELECT count(*) || '/' || max(batch) FROM migrations")
    [ "$after" = "$n/${batches[$i]}" ] || { echo "the no-op runs changed the tracking table: $after" >&2; exit 1; }
    sql "DROP DATABASE $db"
    [ -n "$first_up" ] || { first_up=$noop; first_status=$status; first_start=$start; }
    printf '| %s | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f |\n' "$n" \
        "$(echo "$noop * 1000" | bc -l)" "$(echo "$status * 1000" | bc -l)" "$(echo "$floor * 1000" | bc -l)" \
        "$(echo "$noop / $floor" | bc -l)" "$(echo "$status / $floor" | bc -l)" \
        "$(echo "$noop / $first_up" | bc -l)" "$(echo "$status / $first_status" | bc -l)" \
        "$(echo "$start * 1000" | bc -l)" "$(echo "($noop - ($start - $first_start)) / $first_up" | bc -l)" \
        "$(echo "($status - ($start - $first_start)) / $first_status" | bc -l)"
done
