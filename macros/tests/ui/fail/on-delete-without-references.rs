pgbatch::migration! {
    createTable("posts", { userId: { type: "bigint", onDelete: "cascade" } });
}

fn main() {}
