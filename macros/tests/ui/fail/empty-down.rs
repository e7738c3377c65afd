pgbatch::migration! {
    up { sql("UPDATE users SET bio = ''"); }
    down {}
}

fn main() {}
