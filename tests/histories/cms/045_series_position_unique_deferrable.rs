// Reordering a series swaps positions inside one transaction; checked at commit.
migration! {
    up {
        sql("ALTER TABLE posts ADD CONSTRAINT posts_series_position_key
                UNIQUE (series_id, series_position) DEFERRABLE INITIALLY DEFERRED");
        addConstraint("posts", "posts_series_position_pair", {
            check: "(series_id IS NULL) = (series_position IS NULL)",
        });
    }
    down {
        dropConstraint("posts", "posts_series_position_pair");
        dropConstraint("posts", "posts_series_position_key");
    }
}
