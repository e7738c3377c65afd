// A key given some other way, and `set null` on a nullable column, are fine.
mod create_sessions {
    pgbatch::migration! {
        createTable("sessions", { id: "uuid", token: "text" }, { constraints: { primaryKey: ["id"] } });
        createTable("tokens", {
            id: { type: "uuid", primaryKey: true, default: func("gen_random_uuid()") },
            sessionId: { type: "uuid", references: "sessions", onDelete: "set null" },
        });
    }
}

fn main() {
    let sql: String = create_sessions::SCRIPT.up().iter().map(|step| &*step.sql).collect();
    assert!(sql.contains("PRIMARY KEY (id)"), "{sql}");
    assert!(sql.contains("ON DELETE SET NULL"), "{sql}");
}
