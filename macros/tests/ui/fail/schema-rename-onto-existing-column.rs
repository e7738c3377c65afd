pgbatch::migration! {
    createTable("users", { id: "id", name: "text", email: "text" });
    renameColumn("users", "name", "email");
}

fn main() {}
