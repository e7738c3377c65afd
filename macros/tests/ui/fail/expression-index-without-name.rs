macros::migration! {
    createIndex("users", [func("lower(email)")]);
}

fn main() {}
