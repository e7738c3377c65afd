pgbatch::migration! {
    createTable("users", { id: "id", code: { type: "varchar(3)", default: "ABCD" } });
}

fn main() {}
