pgbatch::migration! {
    createTable("users");
}

fn main() {}
