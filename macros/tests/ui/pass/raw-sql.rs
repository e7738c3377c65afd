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

fn main() {
    assert_eq!(create_users::SCRIPT.up.len(), 1);
    assert_eq!(create_users::SCRIPT.down.map(<[_]>::len), Some(1));
    assert_eq!(create_users::SCRIPT.checksum.len(), 64);
    assert_eq!(bare_and_irreversible::SCRIPT.up[0].sql, r#"CREATE TABLE "Quoted" ()"#);
    assert!(bare_and_irreversible::SCRIPT.down.is_none());
}
