pgbatch::migration! {
    createTable("users", { id: "id", rank: { type: "smallint", default: 70000 } });
}

fn main() {}
