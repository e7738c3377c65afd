pgbatch::migration! {
    createTable("teams", { id: "id" });
    createTable("users", { id: "id", a: "bigint", b: "bigint" });
    addConstraint("users", "users_team_fkey", { foreignKey: { columns: ["a", "b"], references: "teams(id)" } });
}

fn main() {}
