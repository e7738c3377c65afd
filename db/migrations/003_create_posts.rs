// Posts written by users, listed newest first on each user's page.
migration! {
    up {
        sql("CREATE TABLE posts (
            id bigserial PRIMARY KEY,
            user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            title varchar(255) NOT NULL,
            body text NOT NULL DEFAULT '',
            published_at timestamptz,
            created_at timestamptz NOT NULL DEFAULT now()
        )");
        sql("CREATE INDEX posts_user_id_created_at_idx ON posts (user_id, created_at DESC)");
    }
    down {
        sql("DROP TABLE posts");
    }
}
