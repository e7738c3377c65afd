mod create_sessions {
    pgbatch::migration! {
        createTable("sessions", { id: "uuid", token: "text" });
    }
}

fn main() {}
