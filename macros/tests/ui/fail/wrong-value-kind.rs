pgbatch::migration! {
    createTable("users", { email: { type: "text", notNull: "yes" } });
}

fn main() {}
