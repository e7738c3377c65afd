mod create_posts {
    pgbatch::migration! {
        createTable("posts", {
            id: "id",
            userId: { type: "bigint", notNull: true, references: "users", onDelete: "set null" },
        });
    }
}

fn main() {}
