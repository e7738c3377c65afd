pgbatch::migration! {
    addColumn("posts", { price: { type: "numeric", check: "price > 0;" } });
}

fn main() {}
