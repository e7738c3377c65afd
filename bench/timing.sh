# Shared by bench/run.sh and bench/verify.sh (sourced): the server, fresh databases,
# and wall times as medians of REPS runs.
#
# The server is BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres.

server=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
export PGOPTIONS="-c client_min_messages=warning"
reps=${REPS:-3}

command -v bc >/dev/null || { echo "bench needs bc (apt-get install bc)" >&2; exit 1; }
command -v psql >/dev/null || { echo "bench needs psql (apt-get install postgresql-client)" >&2; exit 1; }

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
db_url() { printf '%s' "${server%/*}/$1"; }
sql() { psql -X -q -v ON_ERROR_STOP=1 -d "$server" -c "$1" >/dev/null; }
fresh() { sql "DROP DATABASE IF EXISTS $1" && sql "CREATE DATABASE $1"; }

# Runs "$@" once; prints its wall time in seconds.
timed() {
    local start end
    start=$(now)
    "$@" >/dev/null
    end=$(now)
    echo "$end - $start" | bc -l
}

# Times "$@" REPS times, each on a fresh database $1; prints the median.
time_fresh() {
    local db=$1 r; shift
    for ((r = 0; r < reps; r++)); do fresh "$db"; timed "$@"; done | median
}

# Times "$@" REPS times on the database as it is; prints the median.
time_again() {
    local r
    for ((r = 0; r < reps; r++)); do timed "$@"; done | median
}
