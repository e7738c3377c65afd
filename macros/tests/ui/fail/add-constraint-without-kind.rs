pgbatch::migration! {
    addConstraint("posts", "posts_check", { notValid: true });
}

fn main() {}
