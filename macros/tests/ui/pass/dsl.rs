// The example, and a type created earlier in the same migration.
mod posts {
    pgbatch::migration! {
        createType("post_status", ["draft", "published", "archived"]);
        createTable("posts", {
            id: "id",
            userId: { type: "bigint", notNull: true, references: "users(id)", onDelete: "cascade" },
            title: { type: "varchar(255)", notNull: true },
            status: { type: "post_status", notNull: true, default: "draft" },
            tags: { type: "text[]" },
            createdAt: { type: "timestamptz", notNull: true, default: func("now()") },
        }, { comment: "user posts" });
        addColumn("users", { avatarUrl: { type: "varchar(500)" } });
        createIndex("posts", ["userId", "createdAt"], { concurrently: true });
        createIndex("users", [func("lower(email)")], { unique: true, name: "users_email_lower_idx" });
    }
}

fn main() {
    let script = posts::SCRIPT;
    assert_eq!(script.up().len(), 5);
    assert!(!script.up()[3].transaction, "the concurrent index runs outside a transaction");
    assert_eq!(script.down().as_deref().map(<[_]>::len), Some(5));
}
