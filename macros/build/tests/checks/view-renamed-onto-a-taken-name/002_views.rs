migration! {
    createView("livePosts", "SELECT id, title FROM posts WHERE deleted_at IS NULL");
    createMaterializedView("postCounts", "SELECT user_id, count(*) FROM posts GROUP BY user_id");
}
