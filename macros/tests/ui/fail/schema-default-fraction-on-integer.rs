pgbatch::migration! {
    createTable("users", { id: "id", level: { type: "integer", default: 2.5 } });
}

fn main() {}
