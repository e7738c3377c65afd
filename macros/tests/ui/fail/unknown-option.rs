pgbatch::migration! {
    createTable("users", { id: "id" }, { ifNotExist: true });
}

fn main() {}
