pgbatch::migration! {
    createTable("users", { id: "id" }, { ifNotExists: true });
}

fn main() {}
