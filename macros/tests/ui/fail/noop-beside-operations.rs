pgbatch::migration! {
    up { sql("UPDATE users SET bio = ''"); }
    down { noop; sql("UPDATE users SET bio = NULL"); }
}

fn main() {}
