// "spam" was really "rejected", and deleted comments need a status of their own. An enum
// value cannot be renamed away or removed in use, so the type is rebuilt; the trigger and
// indexes that mention the column go and come back around it.
migration! {
    up {
        sql("DROP TRIGGER post_comments_count ON post_comments");
        dropIndex("post_comments", ["postId", "createdAt"], { name: "comments_approved_idx" });
        dropIndex("post_comments", ["status", "createdAt"], { name: "post_comments_moderation_queue_idx" });
        createType("comment_status_v2", ["pending", "approved", "rejected", "deleted"]);
        alterColumn("post_comments", "status", { default: null });
        alterColumn("post_comments", "status", {
            type: "comment_status_v2",
            using: "(CASE status::text WHEN 'spam' THEN 'rejected' ELSE status::text END)::comment_status_v2",
        });
        sql("DROP TYPE comment_status;
            ALTER TYPE comment_status_v2 RENAME TO comment_status");
        alterColumn("post_comments", "status", { default: "pending" });
        createIndex("post_comments", ["postId", "createdAt"], { where: "status = 'approved'", name: "comments_approved_idx" });
        createIndex("post_comments", ["status", "createdAt"], { where: "status = 'pending'", name: "post_comments_moderation_queue_idx" });
        sql("CREATE TRIGGER post_comments_count AFTER INSERT OR DELETE OR UPDATE OF status ON post_comments
                FOR EACH ROW EXECUTE FUNCTION posts_count_comments()");
    }
    down {
        sql("DROP TRIGGER post_comments_count ON post_comments");
        dropIndex("post_comments", ["postId", "createdAt"], { name: "comments_approved_idx" });
        dropIndex("post_comments", ["status", "createdAt"], { name: "post_comments_moderation_queue_idx" });
        createType("comment_status_v1", ["pending", "approved", "spam"]);
        alterColumn("post_comments", "status", { default: null });
        alterColumn("post_comments", "status", {
            type: "comment_status_v1",
            using: "(CASE status::text WHEN 'pending' THEN 'pending' WHEN 'approved' THEN 'approved' ELSE 'spam' END)::comment_status_v1",
        });
        sql("DROP TYPE comment_status;
            ALTER TYPE comment_status_v1 RENAME TO comment_status");
        alterColumn("post_comments", "status", { default: "pending" });
        createIndex("post_comments", ["postId", "createdAt"], { where: "status = 'approved'", name: "comments_approved_idx" });
        createIndex("post_comments", ["status", "createdAt"], { where: "status = 'pending'", name: "post_comments_moderation_queue_idx" });
        sql("CREATE TRIGGER post_comments_count AFTER INSERT OR DELETE OR UPDATE OF status ON post_comments
                FOR EACH ROW EXECUTE FUNCTION posts_count_comments()");
    }
}
