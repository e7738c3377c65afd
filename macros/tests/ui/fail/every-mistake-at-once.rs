// Checks collect their errors, so all of these are reported in one build.
pgbatch::migration! {
    up { sql(""); sql("CREATE TABLE users ()"); }
    down { sql(""); }
    down { sql("DROP TABLE users"); }
}

fn main() {}
