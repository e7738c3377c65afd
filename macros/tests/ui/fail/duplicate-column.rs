pgbatch::migration! {
    createTable("users", { userId: "bigint", user_id: "bigint" });
}

fn main() {}
