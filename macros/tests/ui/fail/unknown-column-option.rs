pgbatch::migration! {
    createTable("users", { email: { type: "text", nullable: false } });
}

fn main() {}
