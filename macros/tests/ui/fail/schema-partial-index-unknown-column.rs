pgbatch::migration! {
    createTable("posts", { id: "id", title: "text", deletedAt: "timestamptz" });
    createIndex("posts", "title", { where: "deleted IS NULL" });
}

fn main() {}
