macros::migration! {
    up { sqll("CREATE TABLE users ()"); }
}

fn main() {}
