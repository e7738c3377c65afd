pgbatch::migration! {
    createTable("teams", { id: "id" });
    createTable("users", { id: "id", teamId: { type: "uuid", references: "teams" } });
}

fn main() {}
