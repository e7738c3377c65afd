pgbatch::migration! {
    createIndex("posts", "title", { method: "btre" });
}

fn main() {}
