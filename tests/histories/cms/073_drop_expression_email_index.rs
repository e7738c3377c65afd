migration! {
    up {
        dropIndex("post_comments", "authorEmail", { name: "post_comments_author_email_idx", concurrently: true });
    }
    down {
        sql("CREATE INDEX CONCURRENTLY post_comments_author_email_idx ON post_comments ((lower(author_email)))");
    }
}
