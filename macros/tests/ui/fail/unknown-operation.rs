macros::migration! {
    up { createTabel("users", { id: "id" }); }
}

fn main() {}
