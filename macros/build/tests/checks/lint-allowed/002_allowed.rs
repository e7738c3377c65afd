// Hazards the team accepts, silenced for the migration or for one operation.
migration! {
    allow("require-concurrent-index-creation");
    createIndex("users", "name");
    renameColumn("posts", "title", "headline", { allow: ["renaming-column"] });
    dropColumns("users", ["age"], { allow: ["ban-drop-column"] });
    down { noop; }
}
