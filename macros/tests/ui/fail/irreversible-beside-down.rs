pgbatch::migration! {
    createTable("users", { id: "id" });
    irreversible;
    down { sql("DROP TABLE users"); }
}

fn main() {}
