pgbatch::migration! {
    createTable("users", { name: { type: "varchar(" } });
}

fn main() {}
