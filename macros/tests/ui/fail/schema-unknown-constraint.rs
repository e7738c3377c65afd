pgbatch::migration! {
    createTable("users", { id: "id", email: { type: "text", unique: true } });
    validateConstraint("users", "users_emial_key");
}

fn main() {}
