pgbatch::migration! {
    createTable("users", { id: "id", age: { type: "integer", check: "agee >= 0" } });
}

fn main() {}
