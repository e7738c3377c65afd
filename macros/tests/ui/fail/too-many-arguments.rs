pgbatch::migration! {
    dropTable("users", { cascade: true }, "again");
}

fn main() {}
