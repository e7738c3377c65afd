// The sweeper only looks at live sessions; rebuilt without blocking logins.
migration! {
    up {
        createIndex("sessions", "expiresAt", { name: "sessions_live_expires_at_idx", where: "expires_at > '2024-01-01'", concurrently: true });
        dropIndex("sessions", "expiresAt", { concurrently: true });
    }
    down {
        createIndex("sessions", "expiresAt", { concurrently: true });
        dropIndex("sessions", "expiresAt", { name: "sessions_live_expires_at_idx", concurrently: true });
    }
}
