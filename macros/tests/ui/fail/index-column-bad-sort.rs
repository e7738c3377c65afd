pgbatch::migration! {
    createIndex("posts", [{ name: "createdAt", sort: "descending" }]);
}

fn main() {}
