pgbatch::migration! {
    createTable("users", { id: "id", email: "text" });
    addColumns("users", { email: "text" });
}

fn main() {}
