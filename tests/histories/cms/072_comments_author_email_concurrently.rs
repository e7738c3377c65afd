// The moderation tool's lookup by exact address; built without blocking new comments.
migration! {
    createIndex("post_comments", "authorEmail", { concurrently: true, where: "status <> 'deleted'", name: "post_comments_author_email_live_idx" });
}
