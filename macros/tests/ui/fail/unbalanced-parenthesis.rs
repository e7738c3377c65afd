pgbatch::migration! {
    createIndex("users", [func("lower(email")], { name: "users_email_idx" });
}

fn main() {}
