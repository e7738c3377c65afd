// A type used after the migration that creates it, and a table dropped with cascade.
migration! {
    createType("post_status", ["draft", "published"]);
    addColumns("posts", { status: { type: "post_status", notNull: true, default: "draft" } });
    dropTable("made_at_runtime", { cascade: true });
    down { noop; }
}
