//! Migration sets for the tests, written with the real `migration!` macro, and looked
//! up by name so the fixture binary can run the CLI over any of them.

use migrator::Migration;

/// Declares a module `$set` holding one module per migration and `MIGRATIONS`.
macro_rules! set {
    ($set:ident { $($id:literal $name:ident { $($body:tt)* })* }) => {
        #[allow(missing_docs)]
        pub mod $set {
            $(pub mod $name { ::macros::migration! { $($body)* } })*
            /// The set, in order.
            pub static MIGRATIONS: &[::migrator::Migration] =
                &[$(::migrator::Migration::new($id, stringify!($name), $name::SCRIPT)),*];
        }
    };
}

set!(three {
    1 create_a { up { sql("CREATE TABLE a (id int PRIMARY KEY)"); } down { sql("DROP TABLE a"); } }
    2 create_b { up { sql("CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id))"); } down { sql("DROP TABLE b"); } }
    3 create_c { up { sql("CREATE TABLE c (id int PRIMARY KEY)"); sql("INSERT INTO c VALUES (1), (2)"); } down { sql("DROP TABLE c"); } }
});

set!(four {
    1 create_a { up { sql("CREATE TABLE a (id int PRIMARY KEY)"); } down { sql("DROP TABLE a"); } }
    2 create_b { up { sql("CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id))"); } down { sql("DROP TABLE b"); } }
    3 create_c { up { sql("CREATE TABLE c (id int PRIMARY KEY)"); sql("INSERT INTO c VALUES (1), (2)"); } down { sql("DROP TABLE c"); } }
    4 create_d { up { sql("CREATE TABLE d (id int PRIMARY KEY)"); } down { sql("DROP TABLE d"); } }
});

set!(third_fails {
    1 create_a { up { sql("CREATE TABLE a (id int PRIMARY KEY)"); } down { sql("DROP TABLE a"); } }
    2 create_b { up { sql("CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id))"); } down { sql("DROP TABLE b"); } }
    3 create_c {
        up {
            sql("CREATE TABLE c (id int PRIMARY KEY)");
            sql("INSERT INTO c (id)
                SELECT id FROM nowhere");
        }
        down { sql("DROP TABLE c"); }
    }
});

// `four` and a fifth migration that fails.
set!(fifth_fails {
    1 create_a { up { sql("CREATE TABLE a (id int PRIMARY KEY)"); } down { sql("DROP TABLE a"); } }
    2 create_b { up { sql("CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id))"); } down { sql("DROP TABLE b"); } }
    3 create_c { up { sql("CREATE TABLE c (id int PRIMARY KEY)"); sql("INSERT INTO c VALUES (1), (2)"); } down { sql("DROP TABLE c"); } }
    4 create_d { up { sql("CREATE TABLE d (id int PRIMARY KEY)"); } down { sql("DROP TABLE d"); } }
    5 fill_c { up { sql("INSERT INTO c VALUES (3)"); sql("INSERT INTO c VALUES (1)"); } down { sql("DELETE FROM c WHERE id = 3"); } }
});

// `three` with migration 2 edited after it was applied.
set!(edited {
    1 create_a { up { sql("CREATE TABLE a (id int PRIMARY KEY)"); } down { sql("DROP TABLE a"); } }
    2 create_b { up { sql("CREATE TABLE b (id bigint PRIMARY KEY, a_id int REFERENCES a (id))"); } down { sql("DROP TABLE b"); } }
    3 create_c { up { sql("CREATE TABLE c (id int PRIMARY KEY)"); sql("INSERT INTO c VALUES (1), (2)"); } down { sql("DROP TABLE c"); } }
    4 create_d { up { sql("CREATE TABLE d (id int PRIMARY KEY)"); } down { sql("DROP TABLE d"); } }
});

// `four` without migration 3.
set!(missing {
    1 create_a { up { sql("CREATE TABLE a (id int PRIMARY KEY)"); } down { sql("DROP TABLE a"); } }
    2 create_b { up { sql("CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id))"); } down { sql("DROP TABLE b"); } }
    4 create_d { up { sql("CREATE TABLE d (id int PRIMARY KEY)"); } down { sql("DROP TABLE d"); } }
});

// `four` without migration 2: applying it then `four` leaves 2 out of order.
set!(gap {
    1 create_a { up { sql("CREATE TABLE a (id int PRIMARY KEY)"); } down { sql("DROP TABLE a"); } }
    3 create_c { up { sql("CREATE TABLE c (id int PRIMARY KEY)"); sql("INSERT INTO c VALUES (1), (2)"); } down { sql("DROP TABLE c"); } }
});

// Migration 2 has no down block.
set!(no_down {
    1 create_a { up { sql("CREATE TABLE a (id int PRIMARY KEY)"); } down { sql("DROP TABLE a"); } }
    2 seed_a { up { sql("INSERT INTO a VALUES (1), (2), (3)"); } }
    3 create_b { up { sql("CREATE TABLE b (id int PRIMARY KEY)"); } down { sql("DROP TABLE b"); } }
});

// Migration 2 sleeps long enough to be interrupted.
set!(slow {
    1 create_a { up { sql("CREATE TABLE a (id int PRIMARY KEY)"); } down { sql("DROP TABLE a"); } }
    2 wait { up { sql("SELECT pg_sleep(120)"); } down { sql("SELECT 1"); } }
});

/// A set by name, for the fixture binary; `db` is the application's own migrations.
pub fn by_name(name: &str) -> Option<&'static [Migration]> {
    Some(match name {
        "three" => three::MIGRATIONS,
        "four" => four::MIGRATIONS,
        "third_fails" => third_fails::MIGRATIONS,
        "fifth_fails" => fifth_fails::MIGRATIONS,
        "edited" => edited::MIGRATIONS,
        "missing" => missing::MIGRATIONS,
        "gap" => gap::MIGRATIONS,
        "no_down" => no_down::MIGRATIONS,
        "slow" => slow::MIGRATIONS,
        "db" => db::MIGRATIONS,
        _ => return None,
    })
}
