pgbatch::migration! {
    up { sql("  "); }
    down { sql("DROP TABLE users"); }
}

fn main() {}
