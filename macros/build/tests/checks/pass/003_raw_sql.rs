// Raw SQL the model follows, and SQL it does not: nothing about either is refused.
migration! {
    sql("CREATE TABLE teams (id bigserial PRIMARY KEY, slug text NOT NULL UNIQUE)");
    addColumns("users", { teamId: { type: "bigint", references: "teams" } });
    sql("ALTER TABLE teams ADD COLUMN plan text");
    createIndex("teams", "plan");
    sql("DO $$ BEGIN EXECUTE 'CREATE TABLE made_at_runtime (id int)'; END $$");
    createIndex("made_at_runtime", "id");
    down { noop; }
}
