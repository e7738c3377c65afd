pgbatch::migration! {
    createTable("teams", { id: "id" });
    createTable("users", { id: "id", teamId: { type: "bigint", references: "teams" } });
    dropTable("teams");
    down { noop; }
}

fn main() {}
