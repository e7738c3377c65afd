pgbatch::migration! {
    createIndex("users", [func("lower(email)")]);
}

fn main() {}
