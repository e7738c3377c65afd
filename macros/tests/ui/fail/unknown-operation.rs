pgbatch::migration! {
    up { createTabel("users", { id: "id" }); }
}

fn main() {}
