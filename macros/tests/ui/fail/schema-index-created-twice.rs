pgbatch::migration! {
    createTable("users", { id: "id", email: "text" });
    createIndex("users", "email");
    createIndex("users", "email");
}

fn main() {}
