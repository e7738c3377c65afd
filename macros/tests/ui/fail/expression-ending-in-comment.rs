pgbatch::migration! {
    createIndex("posts", "title", { where: "published_at IS NOT NULL -- published only" });
}

fn main() {}
