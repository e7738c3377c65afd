pgbatch::migration! {
    createTable("users", { id: "id", email: "text" });
    createIndex("users", ["emial"]);
}

fn main() {}
