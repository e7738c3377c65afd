// Login sessions: one row per signed-in device, removed with its user.
migration! {
    up {
        sql("CREATE TABLE user_sessions (
            id bigserial PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            token text NOT NULL UNIQUE,
            user_agent text,
            expires_at timestamptz NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        )");
        sql("CREATE INDEX user_sessions_user_id_idx ON user_sessions (user_id)");
        sql("CREATE INDEX user_sessions_expires_at_idx ON user_sessions (expires_at)");
    }
    down {
        sql("DROP TABLE user_sessions");
    }
}
