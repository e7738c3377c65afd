pgbatch::migration! {
    createTable("teams", { id: "id", slug: "text" });
    createTable("users", { id: "id", teamSlug: { type: "text", references: "teams(slug)" } });
}

fn main() {}
