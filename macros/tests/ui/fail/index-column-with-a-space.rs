pgbatch::migration! {
    createIndex("posts", ["userId", "createdAt DESC"]);
}

fn main() {}
