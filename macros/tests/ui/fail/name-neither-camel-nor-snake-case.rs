pgbatch::migration! {
    createTable("users", { "first-name": "text" });
}

fn main() {}
