pgbatch::migration! {
    createIndex("posts", [{ name: "createdAt", sorted: "desc" }]);
}

fn main() {}
