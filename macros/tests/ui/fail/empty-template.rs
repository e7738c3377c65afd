mod add_avatar {
    pgbatch::migration! {
        up {
            // createTable("notes", { id: "id" });
        }
    }
}

fn main() {}
