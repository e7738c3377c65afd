#!/usr/bin/env bash
# Benchmark: building a migrations crate of thousands of DSL migrations.
#
#   bash bench/scale_build.sh [N ...]     (default: 1000 10000)
#
# For each N it generates N DSL migrations (each creates a table with a foreign key to
# the first one's, adds an index; a tenth also add a column), points the `db` crate at
# them (MIGRATOR_MIGRATIONS_DIR), and measures in a target directory whose
# dependencies are already built (debug profile):
#   - cold build of the migrations crate (`cargo build -p db`): the build script's
#     replay, checks and lints, and one `migration!` expansion per file;
#   - warm rebuild after adding one migration, and after editing it;
#   - the compiler's share of that rebuild: `db/src/lib.rs` touched, so rustc compiles
#     the crate again (every `migration!` expanded) and the build script does not run;
#     the rest of a rebuild is the build script (replay, checks, lints);
#   - the size of the release `cli` binary with the N migrations compiled in.
# CPU is user+sys of cargo and its children; wall is elapsed seconds (2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
target=target/bench-scale
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {
    local out
    out=$( { TIMEFORMAT='%U %S %R'; time "$@" >/dev/null 2>&1; } 2>&1 | tail -n 1)
    awk '{ printf "%.1f %.1f\n", $1 + $2, $3 }' <<<"$out"
}

generate() {
    local n=$1 dir=$2 i
    mkdir -p "$dir"
    printf 'migration! {\n    createTable("accounts", { id: "id", name: { type: "text", notNull: true } });\n}\n' \
        >"$dir/001_create_accounts.rs"
    for ((i = 2; i <= n; i++)); do
        {
            printf 'migration! {\n'
            printf '    createTable("items%05d", {\n        id: "id",\n' "$i"
            printf '        accountId: { type: "bigint", notNull: true, references: "accounts", onDelete: "cascade" },\n'
            printf '        title: { type: "varchar(200)", notNull: true, default: "untitled" },\n'
            printf '        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },\n    });\n'
            printf '    createIndex("items%05d", ["accountId", "createdAt"]);\n' "$i"
            if ((i % 10 == 0)); then
                printf '    addColumn("items%05d", { note: "text" });\n' "$((i - 1))"
            fi
            printf '}\n'
        } >"$dir/$(printf '%03d' "$i")_create_items$(printf '%05d' "$i").rs"
    done
}

cargo fetch --quiet
# Dependencies first, with the repository's own three migrations.
cargo build --quiet -p db --target-dir "$target"
printf '| N | cold CPU (s) | cold wall (s) | add one: CPU | add one: wall | edit one: CPU | edit one: wall | rustc alone: CPU | rustc alone: wall | release `cli` size (MB) |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
    dir="$work/migrations-$n"
    generate "$n" "$dir"
    export MIGRATOR_MIGRATIONS_DIR="$dir"
    read -r cold_cpu cold_wall < <(measure cargo build -p db --target-dir "$target")
    # `measure` hides the output: a build that failed must not pass for a fast one.
    cargo build --quiet -p db --target-dir "$target" || { echo "the $n migrations do not build" >&2; exit 1; }
    extra="$dir/$((n + 1))_add_probe.rs"
    printf 'migration! {\n    createTable("probe", { id: "id" });\n}\n' >"$extra"
    read -r add_cpu add_wall < <(measure cargo build -p db --target-dir "$target")
    printf 'migration! {\n    createTable("probe", { id: "id", name: "text" });\n}\n' >"$extra"
    read -r edit_cpu edit_wall < <(measure cargo build -p db --target-dir "$target")
    touch db/src/lib.rs
    read -r rustc_cpu rustc_wall < <(measure cargo build -p db --target-dir "$target")
    cargo build --quiet --release -p cli --target-dir "$target" >/dev/null 2>&1
    size=$(stat -c %s "$target/release/cli")
    unset MIGRATOR_MIGRATIONS_DIR
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.1f |\n' "$n" "$cold_cpu" "$cold_wall" \
        "$add_cpu" "$add_wall" "$edit_cpu" "$edit_wall" "$rustc_cpu" "$rustc_wall" \
        "$(echo "$size / 1048576" | bc -l)"
done
