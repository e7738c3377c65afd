pgbatch::migration! {
    createTable("posts", { userId: { type: "bigint", references: "users(id)", onDelete: "cascades" } });
}

fn main() {}
