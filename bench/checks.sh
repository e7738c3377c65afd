#!/usr/bin/env bash
# Benchmark: what the build-time schema model costs a warm rebuild.
#
#   bash bench/checks.sh [BASELINE_REV] [N] [ROUNDS] [REV]
#       (defaults: 7736f0f, the last commit before the model; 300 migrations; 5 rounds;
#        HEAD)
#
# Generates N DSL migrations (tables that reference the one before, indexes, added
# columns, raw SQL), builds the migrations crate (`cargo build -p db`) over them with
# BASELINE_REV and with REV (git worktrees of the commits, so edits made meanwhile do
# not count), each in a target directory of its own; then, ROUNDS times and
# alternating between the two, adds migration N+1 and measures the warm rebuild
# (CPU = user + sys, and wall), and removes it again. Prints the medians and the ratio
# of REV to the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
base_rev=${1:-7736f0f}
n=${2:-300}
rounds=${3:-5}
rev=${4:-HEAD}

work=$(mktemp -d)
trap 'for t in base current; do git -C "$here" worktree remove --force "$work/$t" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT
git worktree add --detach "$work/base" "$base_rev" >/dev/null 2>&1
git worktree add --detach "$work/current" "$rev" >/dev/null 2>&1
mkdir -p "$work/migrations"

# One realistic migration per number.
for i in $(seq 1 "$n"); do
    f=$(printf '%s/migrations/%03d_step_%d.rs' "$work" "$i" "$i")
    if [ "$i" -eq 1 ]; then
        printf 'migration! {\n    createTable("t1", { id: "id", name: { type: "text", notNull: true } });\n}\n' >"$f"
    elif [ $((i % 3)) -eq 0 ]; then
        printf 'migration! {\n    addColumns("t%d", { note: "text", score: { type: "integer", default: 0 } });\n    createIndex("t%d", "name", { concurrently: true });\n}\n' "$((i - 1))" "$((i - 1))" >"$f"
    elif [ $((i % 7)) -eq 0 ]; then
        printf 'migration! {\n    sql("CREATE TABLE t%d (id bigserial PRIMARY KEY, name text NOT NULL)");\n    down { sql("DROP TABLE t%d"); }\n}\n' "$i" "$i" >"$f"
    else
        # The table before, skipping the steps that only add columns.
        ref=$((i - 1))
        [ $((ref % 3)) -eq 0 ] && ref=$((i - 2))
        printf 'migration! {\n    createTable("t%d", {\n        id: "id",\n        name: { type: "text", notNull: true },\n        parentId: { type: "bigint", references: "t%d", onDelete: "cascade" },\n        createdAt: { type: "timestamptz", notNull: true, default: func("now()") },\n    });\n    createIndex("t%d", "parentId");\n}\n' "$i" "$ref" "$i" >"$f"
    fi
done
extra=$(printf '%s/migrations/%03d_added.rs' "$work" "$((n + 1))")

# Runs "$@"; prints "cpu wall" in seconds.
measure() {
    local out
    out=$( { TIMEFORMAT='%U %S %R'; time "$@" >/dev/null 2>&1; } 2>&1 | tail -n 1)
    awk '{ printf "%.2f %.2f\n", $1 + $2, $3 }' <<<"$out"
}

build() { # tree target
    (cd "$1" && MIGRATOR_MIGRATIONS_DIR="$work/migrations" cargo build --quiet -p db --target-dir "$2")
}

cargo fetch --quiet
for tree in base current; do
    dir=$work/$tree
    if ! build "$dir" "$here/target/bench-checks-$tree" >"$work/$tree.log" 2>&1; then
        echo "the $tree tree does not build the generated migrations:" >&2
        tail -n 30 "$work/$tree.log" >&2
        exit 1
    fi
done

declare -A cpu wall
for round in $(seq 1 "$rounds"); do
    for tree in base current; do
        dir=$work/$tree
        printf 'migration! {\n    createTable("added_%d", { id: "id" });\n}\n' "$round" >"$extra"
        read -r c w < <(measure build "$dir" "$here/target/bench-checks-$tree")
        cpu[$tree]+="$c "
        wall[$tree]+="$w "
        rm -f "$extra"
        build "$dir" "$here/target/bench-checks-$tree" >/dev/null 2>&1
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
printf '| tree | warm rebuild after adding one of %d: CPU (s) | wall (s) |\n|---|---|---|\n' "$n"
for tree in base current; do
    printf '| %s | %s | %s |\n' "$tree" "$(median <<<"${cpu[$tree]}")" "$(median <<<"${wall[$tree]}")"
done
awk -v a="$(median <<<"${cpu[base]}")" -v b="$(median <<<"${cpu[current]}")" \
    -v c="$(median <<<"${wall[base]}")" -v d="$(median <<<"${wall[current]}")" \
    -v base="$base_rev" -v rev="$rev" \
    'BEGIN { printf "\n%s / %s: CPU %.2f×, wall %.2f×\n", rev, base, b / a, d / c }'
