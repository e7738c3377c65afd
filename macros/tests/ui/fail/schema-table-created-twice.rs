pgbatch::migration! {
    createTable("users", { id: "id" });
    createTable("users", { id: "id" });
}

fn main() {}
