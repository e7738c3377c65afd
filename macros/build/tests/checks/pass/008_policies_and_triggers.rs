// Policies and triggers, followed by name through renames and drops; a built-in
// trigger function needs no migration.
migration! {
    renamePolicy("posts", "ownPosts", "readOwn");
    dropPolicy("posts", "readOwn");
    dropPolicy("posts", "neverCreated", { ifExists: true });
    createTrigger("posts", "postsDedupe", { when: "before", operation: "update", level: "row", function: "suppress_redundant_updates_trigger" });
    renameTrigger("posts", "postsDedupe", "postsSkipSame");
    dropTrigger("posts", "postsSkipSame");
    down { noop; }
}
