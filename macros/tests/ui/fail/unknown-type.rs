pgbatch::migration! {
    createTable("users", { email: { type: "txet" } });
}

fn main() {}
