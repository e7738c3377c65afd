// Types the macro cannot see plainly: made in a DO block, renamed, or an extension's.
migration! {
    sql("DO $$ BEGIN CREATE TYPE moderation_action AS ENUM ('hide', 'ban'); EXCEPTION WHEN duplicate_object THEN NULL; END $$");
    addColumns("posts", { moderation: "moderation_action" });
    createType("feeling_v2", ["up", "down"]);
    sql("ALTER TYPE feeling_v2 RENAME TO feeling");
    addColumns("posts", { feeling: "feeling" });
    createExtension("cube", { ifNotExists: true });
    createExtension("earthdistance", { ifNotExists: true });
    addColumns("posts", { place: "earth" });
    down { noop; }
}
