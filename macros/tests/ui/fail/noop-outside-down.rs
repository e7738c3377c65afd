pgbatch::migration! {
    sql("UPDATE users SET bio = ''");
    noop;
}

fn main() {}
