pgbatch::migration! {
    createTable("", { id: "id" });
}

fn main() {}
