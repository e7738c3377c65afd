pgbatch::migration! {
    up { sql("CREATE TABLE users ()") }
}

fn main() {}
