// A DO block may change anything the model knew: what it could have touched is
// unknown, and nothing about it is refused.
migration! {
    sql("DO $$ BEGIN ALTER TABLE users ADD COLUMN shadow text; DROP INDEX posts_user_id_idx; ALTER TYPE mood ADD VALUE 'meh'; END $$");
    createIndex("users", "shadow", { concurrently: true });
    createIndex("posts", "userId", { concurrently: true });
    alterColumn("users", "mood", { default: "meh" });
    down { noop; }
}
