macros::migration! {
    createTable("users");
}

fn main() {}
