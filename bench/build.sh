#!/usr/bin/env bash
# Benchmark: what building costs a team, cold and after adding one migration.
#
#   bash bench/build.sh [debug|release ...]      (default: debug release)
#
# For each profile, in a target directory of its own (target/bench-build, removed first):
#   - cold `cargo build -p cli`: CPU (user+sys) and wall seconds;
#   - warm rebuild after adding one migration to db/migrations (removed afterwards);
#   - warm rebuild after editing that migration.
# Then the line count of `cargo tree -p cli` (the CLI's dependency tree).
# Crates are downloaded first (`cargo fetch`), so the network is not measured.
set -euo pipefail
cd "$(dirname "$0")/.."

profiles=("$@")
[ ${#profiles[@]} -gt 0 ] || profiles=(debug release)
target=target/bench-build
extra=db/migrations/999_bench_build_probe.rs
trap 'rm -f "$extra"' EXIT

# Runs "$@"; prints "cpu wall" in seconds (cpu = user + sys of the command and its children).
measure() {
    local out
    out=$( { TIMEFORMAT='%U %S %R'; time "$@" >/dev/null 2>&1; } 2>&1 | tail -n 1)
    awk '{ printf "%.1f %.1f\n", $1 + $2, $3 }' <<<"$out"
}

cargo fetch --quiet
printf '| profile | cold CPU (s) | cold wall (s) | add one: CPU | add one: wall | edit one: CPU | edit one: wall |\n'
printf '|---|---|---|---|---|---|---|\n'
for profile in "${profiles[@]}"; do
    flag=()
    [ "$profile" = release ] && flag=(--release)
    rm -rf "$target"
    read -r cold_cpu cold_wall < <(measure cargo build -p cli "${flag[@]}" --target-dir "$target")
    printf 'migration! {\n    createTable("bench_probe", { id: "id" });\n}\n' >"$extra"
    read -r add_cpu add_wall < <(measure cargo build -p cli "${flag[@]}" --target-dir "$target")
    printf 'migration! {\n    createTable("bench_probe", { id: "id", name: "text" });\n}\n' >"$extra"
    read -r edit_cpu edit_wall < <(measure cargo build -p cli "${flag[@]}" --target-dir "$target")
    rm -f "$extra"
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$profile" "$cold_cpu" "$cold_wall" \
        "$add_cpu" "$add_wall" "$edit_cpu" "$edit_wall"
done
rm -rf "$target"
printf '\n`cargo tree -p cli`: %s lines; `cargo tree -p cli -e normal`: %s lines\n' \
    "$(cargo tree -p cli | wc -l)" "$(cargo tree -p cli -e normal | wc -l)"
