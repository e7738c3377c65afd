macros::migration! {
    createTable("", { id: "id" });
}

fn main() {}
