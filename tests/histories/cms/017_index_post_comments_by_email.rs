// Moderators look up everything one address wrote.
migration! {
    createIndex("post_comments", [func("lower(author_email)")], { name: "post_comments_author_email_idx" });
    createIndex("post_comments", ["status", "createdAt"], { where: "status = 'pending'", name: "post_comments_moderation_queue_idx" });
}
