pgbatch::migration! {
    dropTable("legacy_posts");
}

fn main() {}
