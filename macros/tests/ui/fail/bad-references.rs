pgbatch::migration! {
    createTable("posts", { userId: { type: "bigint", references: "users(id" } });
}

fn main() {}
