// "My recent edits" scans revisions by author.
migration! {
    createIndex("post_revisions", "authorId", { where: "author_id IS NOT NULL" });
}
