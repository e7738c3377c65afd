// Comments on pages are coming; these are the comments on posts.
migration! {
    renameTable("comments", "post_comments");
}
