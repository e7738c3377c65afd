//! A migration compiles to the same script whichever way it is compiled: the build
//! script writes the expansion of every file its checks found nothing in (so a long
//! history does not run the macro once per file), and the macro expands the others.

/// `db`'s migrations, expanded here by the macro.
mod by_macro {
    pub(super) mod m001 {
        use pgbatch::migration;
        include!("../../db/migrations/001_create_users.rs");
    }
    pub(super) mod m002 {
        use pgbatch::migration;
        include!("../../db/migrations/002_create_user_sessions.rs");
    }
    pub(super) mod m003 {
        use pgbatch::migration;
        include!("../../db/migrations/003_create_posts.rs");
    }
}

#[test]
fn the_build_scripts_expansion_is_the_macros() {
    let by_macro = [
        by_macro::m001::SCRIPT,
        by_macro::m002::SCRIPT,
        by_macro::m003::SCRIPT,
    ];
    assert_eq!(db::MIGRATIONS.len(), by_macro.len());
    for (built, expanded) in db::MIGRATIONS.iter().zip(by_macro) {
        let label = built.label();
        assert_eq!(built.script.checksum(), expanded.checksum(), "{label}");
        assert_eq!(
            built.script.lock_timeout_ms(),
            expanded.lock_timeout_ms(),
            "{label}"
        );
        let down = |script: &pgbatch::Script| script.down().unwrap_or_default();
        for (built, expanded) in [
            (built.script.up(), expanded.up()),
            (down(&built.script), down(&expanded)),
        ] {
            assert!(!built.is_empty(), "{label}");
            assert_eq!(built.len(), expanded.len(), "{label}");
            for (built, expanded) in built.iter().zip(&expanded) {
                assert_eq!(
                    (&built.sql, built.transaction, built.commit_after),
                    (&expanded.sql, expanded.transaction, expanded.commit_after),
                    "{label}"
                );
                assert_eq!(built.origins.len(), expanded.origins.len(), "{label}");
                for ((at, built), (expanded_at, expanded)) in
                    built.origins.iter().zip(&expanded.origins)
                {
                    // The macro names the file as the compiler does for this crate;
                    // the build script, relative to `db`, as `db`'s macro would.
                    assert_eq!(
                        (at, built.operation, built.line_column, built.statement),
                        (
                            expanded_at,
                            expanded.operation,
                            expanded.line_column,
                            expanded.statement
                        ),
                        "{label}"
                    );
                    assert!(built.line_column.is_some(), "{label}");
                    assert_eq!(
                        built.file.map(str::to_owned),
                        Some(format!("migrations/{label}.rs")),
                        "{label}"
                    );
                }
            }
        }
    }
}
