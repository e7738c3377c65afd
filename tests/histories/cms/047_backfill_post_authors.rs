migration! {
    up {
        sql("INSERT INTO post_authors (post_id, author_id, position)
            SELECT id, author_id, 0 FROM posts
            ON CONFLICT DO NOTHING");
    }
    down {
        sql("DELETE FROM post_authors");
    }
}
