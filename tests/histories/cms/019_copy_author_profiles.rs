migration! {
    up {
        sql("INSERT INTO author_profiles (author_id, bio, avatar_url, website)
            SELECT id, bio, avatar_url, website FROM authors
            ON CONFLICT (author_id) DO NOTHING");
    }
    down {
        sql("DELETE FROM author_profiles");
    }
}
