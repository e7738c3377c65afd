// Superseded by sessions_active_user_idx.
migration! {
    up {
        dropIndex("sessions", "userId");
    }
    down {
        createIndex("sessions", "userId");
    }
}
