pgbatch::migration! {
    createTable("users", { id: "id", score: { type: "integer", default: "abc" } });
}

fn main() {}
