pgbatch::migration! {
    createTable("users", { id: "id", seenAt: { type: "timestamptz", default: "now" } });
}

fn main() {}
