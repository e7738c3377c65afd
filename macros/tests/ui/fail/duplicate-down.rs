pgbatch::migration! {
    up { sql("CREATE TABLE users ()"); }
    down { sql("DROP TABLE users"); }
    down { sql("DROP TABLE IF EXISTS users"); }
}

fn main() {}
