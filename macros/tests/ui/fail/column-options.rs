pgbatch::migration! {
    createTable("orders", {
        a: { type: "text", generated: "always" },
        b: { type: "integer", generated: "byDefault", default: 1 },
        c: { type: "numeric", generated: { expression: "a", stored: false } },
        d: { type: "bigint", match: "full" },
        e: { type: "bigint", generated: { start: 1 } },
        f: { type: "bigint", generated: "sometimes" },
        g: { type: "bigint", references: "users", match: "partial" },
        h: { type: "text", default: [] },
        i: { type: "int[]", default: [[1]] },
    });
}

fn main() {}
