pgbatch::migration! {
    sql("CREATE TABLE users ()");
    up { sql("CREATE TABLE posts ()"); }
}

fn main() {}
