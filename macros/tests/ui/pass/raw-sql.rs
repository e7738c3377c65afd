mod create_users {
    pgbatch::migration! {
        up { sql("CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE)"); }
        down { sql("DROP TABLE users"); }
    }
}

mod bare_and_irreversible {
    pgbatch::migration! {
        sql(r#"CREATE TABLE "Quoted" ()"#);
        sql("INSERT INTO \"Quoted\" DEFAULT VALUES");
        irreversible;
    }
}

// `BEGIN … END` in a `DO` block or a function body is PL/pgSQL, not transaction control.
mod plpgsql_blocks {
    pgbatch::migration! {
        sql("DO $$ BEGIN RAISE NOTICE 'hello'; END $$");
        sql("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$");
        down { sql("DROP FUNCTION touch()"); }
    }
}

fn main() {
    assert_eq!(create_users::SCRIPT.up().len(), 1);
    assert_eq!(create_users::SCRIPT.down().as_deref().map(<[_]>::len), Some(1));
    assert_eq!(create_users::SCRIPT.checksum().len(), 64);
    assert_eq!(bare_and_irreversible::SCRIPT.up()[0].sql, r#"CREATE TABLE "Quoted" ()"#);
    assert!(!bare_and_irreversible::SCRIPT.reversible());
    assert_eq!(plpgsql_blocks::SCRIPT.up().len(), 2);
}
