// Threads are rendered from a materialized path; recursion per page view was too slow.
migration! {
    up {
        addColumns("post_comments", { threadPath: { type: "bigint[]", notNull: true, default: func("'{}'") } });
        sql("WITH RECURSIVE t AS (
                SELECT id, ARRAY[id] AS path FROM post_comments WHERE parent_id IS NULL
                UNION ALL
                SELECT c.id, t.path || c.id FROM post_comments c JOIN t ON c.parent_id = t.id
            )
            UPDATE post_comments c SET thread_path = t.path FROM t WHERE t.id = c.id");
        createIndex("post_comments", ["postId", "threadPath"]);
    }
    down {
        dropIndex("post_comments", ["postId", "threadPath"]);
        dropColumn("post_comments", "threadPath");
    }
}
