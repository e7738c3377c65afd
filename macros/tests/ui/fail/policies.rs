pgbatch::migration! {
    createPolicy("posts", "a", { command: "select", check: "true" });
    createPolicy("posts", "b", { command: "insert", using: "true" });
    createPolicy("posts", "c", { command: "upsert" });
    alterTable("posts", {});
    alterTable("posts", { levelSecurity: "enabled" });
}

fn main() {}
