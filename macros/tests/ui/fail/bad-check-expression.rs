pgbatch::migration! {
    createTable("posts", { price: { type: "numeric", check: "price >" } });
}

fn main() {}
