pgbatch::migration! {
    createTable("users", { id: "id", uuid: { type: "uuid", primaryKey: true } });
}

fn main() {}
