macros::migration! {
    dropTable("legacy_posts");
}

fn main() {}
