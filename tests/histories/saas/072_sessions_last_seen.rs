migration! {
    addColumns("sessions", { lastSeenAt: "timestamptz", revokedAt: "timestamptz" });
    createIndex("sessions", "userId", { name: "sessions_active_user_idx", where: "revoked_at IS NULL" });
}
