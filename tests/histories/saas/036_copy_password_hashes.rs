migration! {
    up {
        sql("INSERT INTO user_credentials (user_id, password_hash, password_updated_at)
            SELECT id, password_hash, updated_at FROM users WHERE password_hash IS NOT NULL
            ON CONFLICT (user_id) DO NOTHING");
    }
    down {
        sql("DELETE FROM user_credentials");
    }
}
