// Revisions now keep the whole editor document as JSON; title and body columns stay for search.
migration! {
    addColumns("post_revisions", { document: { type: "jsonb", comment: "the editor's document tree" } });
    createIndex("post_revisions", ["postId", { name: "revisionNumber", sort: "desc" }], { name: "post_revisions_latest_idx" });
}
