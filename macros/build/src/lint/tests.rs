//! The lint's behaviour: each default rule fires on a table in use and keeps quiet on a
//! new one or when allowed; findings lead back to their operation; the `[lint]` table.

use super::config::LintConfig;
use super::rules::{self, Kind};
use super::{Finding, LintInput, LintStatement, lint};

/// The table the rule cases act on, created in the same migration.
const CREATE_USERS: &str = "CREATE TABLE users (id bigint, email text, age int, \
     full_name text GENERATED ALWAYS AS (email) STORED)";

/// One rule's case: a statement that draws it, and what, created earlier in the same
/// migration, makes the statement harmless (`None` where the rule is about no table,
/// or about the new table itself).
struct Case {
    rule: &'static str,
    sql: &'static str,
    /// Whether the statement runs in the migration's transaction.
    transaction: bool,
    created_before: Option<&'static [&'static str]>,
}

const CASES: &[Case] = &[
    Case {
        rule: "require-concurrent-index-creation",
        sql: "CREATE INDEX users_email_idx ON users (email)",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "require-concurrent-index-deletion",
        sql: "DROP INDEX users_email_idx",
        transaction: true,
        created_before: Some(&[
            CREATE_USERS,
            "CREATE INDEX users_email_idx ON users (email)",
        ]),
    },
    Case {
        rule: "constraint-missing-not-valid",
        sql: "ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0)",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "adding-field-with-default",
        sql: "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "adding-foreign-key-constraint",
        sql: "ALTER TABLE users ADD CONSTRAINT users_team_fk \
              FOREIGN KEY (team_id) REFERENCES teams (id)",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "changing-column-type",
        sql: "ALTER TABLE users ALTER COLUMN email TYPE varchar(320)",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "adding-not-nullable-field",
        sql: "ALTER TABLE users ALTER COLUMN email SET NOT NULL",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "adding-serial-primary-key-field",
        sql: "ALTER TABLE users ADD PRIMARY KEY (id)",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "renaming-column",
        sql: "ALTER TABLE users RENAME COLUMN email TO mail",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "renaming-table",
        sql: "ALTER TABLE users RENAME TO accounts",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "disallowed-unique-constraint",
        sql: "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "ban-drop-database",
        sql: "DROP DATABASE app",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "prefer-repack",
        sql: "VACUUM FULL users",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-char-field",
        sql: "CREATE TABLE codes (code char(2))",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-drop-column",
        sql: "ALTER TABLE users DROP COLUMN email",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "ban-drop-table",
        sql: "DROP TABLE users",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "ban-drop-not-null",
        sql: "ALTER TABLE users ALTER COLUMN email DROP NOT NULL",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "transaction-nesting",
        sql: "BEGIN",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "adding-required-field",
        sql: "ALTER TABLE users ADD COLUMN nickname text NOT NULL",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        // Marked transactional, as no DSL operation would mark it.
        rule: "ban-concurrent-index-creation-in-transaction",
        sql: "CREATE INDEX CONCURRENTLY users_email_idx ON users (email)",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-alter-domain-with-add-constraint",
        sql: "ALTER DOMAIN email ADD CONSTRAINT email_at CHECK (VALUE LIKE '%@%')",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-truncate-cascade",
        sql: "TRUNCATE users CASCADE",
        transaction: true,
        created_before: None,
    },
    Case {
        // Raw SQL, run alone, that opens a transaction and leaves it open.
        rule: "ban-uncommitted-transaction",
        sql: "BEGIN",
        transaction: false,
        created_before: None,
    },
    Case {
        rule: "identifier-too-long",
        sql: "ALTER TABLE users ADD COLUMN \
              a_column_name_that_is_much_longer_than_the_sixty_three_bytes_postgres_keeps text",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "require-concurrent-partition-detach",
        sql: "ALTER TABLE events DETACH PARTITION events_2024",
        transaction: true,
        created_before: Some(&["CREATE TABLE events (at timestamptz) PARTITION BY RANGE (at)"]),
    },
    Case {
        rule: "require-concurrent-reindex",
        sql: "REINDEX TABLE users",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-duplicate-column-assignments",
        sql: "UPDATE users SET email = 'a', email = 'b'",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-drop-view",
        sql: "DROP VIEW active_users",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-drop-function",
        sql: "DROP FUNCTION touch()",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-drop-type",
        sql: "DROP TYPE mood",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-drop-default",
        sql: "ALTER TABLE users ALTER COLUMN email DROP DEFAULT",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "ban-drop-schema",
        sql: "DROP SCHEMA billing",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-drop-sequence",
        sql: "DROP SEQUENCE users_id_seq",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-drop-domain",
        sql: "DROP DOMAIN email",
        transaction: true,
        created_before: None,
    },
    Case {
        rule: "ban-drop-constraint",
        sql: "ALTER TABLE users DROP CONSTRAINT users_email_key",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "ban-drop-generated-expression",
        sql: "ALTER TABLE users ALTER COLUMN full_name DROP EXPRESSION",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "renaming-object",
        sql: "ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_mail_key",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "ban-set-schema",
        sql: "ALTER TABLE users SET SCHEMA archive",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "ban-alter-identity",
        sql: "ALTER TABLE users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY",
        transaction: true,
        created_before: Some(&[CREATE_USERS]),
    },
    Case {
        rule: "ban-drop-extension",
        sql: "DROP EXTENSION hstore",
        transaction: true,
        created_before: None,
    },
];

/// Statements that run in the transaction, one operation each.
fn statements<'a>(sqls: &[&'a str]) -> Vec<LintStatement<'a>> {
    sqls.iter()
        .enumerate()
        .map(|(operation, sql)| LintStatement {
            sql,
            operation,
            transaction: true,
        })
        .collect()
}

fn run(statements: &[LintStatement<'_>], config: &LintConfig) -> Vec<Finding> {
    lint(&LintInput { statements }, config, &|_, _| false)
}

/// The defaults, on PostgreSQL 19, where squawk runs `prefer-repack`.
fn pg19() -> LintConfig {
    LintConfig::from_toml("[lint]\npg_version = \"19\"\n").unwrap()
}

/// The rules that fire on `sqls`, with the defaults on PostgreSQL 19.
fn rules_drawn(sqls: &[&str]) -> Vec<String> {
    names(run(&statements(sqls), &pg19()))
}

fn names(findings: Vec<Finding>) -> Vec<String> {
    findings.into_iter().map(|finding| finding.rule).collect()
}

/// `before`'s statements, then the case's (operation `before.len()`).
fn with_case<'a>(before: &[&'a str], case: &'a Case) -> Vec<LintStatement<'a>> {
    let mut statements = statements(before);
    statements.push(LintStatement {
        sql: case.sql,
        operation: before.len(),
        transaction: case.transaction,
    });
    statements
}

#[test]
fn every_default_rule_has_a_case() {
    for rule in rules::defaults() {
        let name = rule.to_string();
        assert!(
            CASES.iter().any(|case| case.rule == name),
            "no case for {name}"
        );
    }
    for case in CASES {
        let rule: squawk_linter::Rule = case.rule.parse().unwrap();
        assert!(rules::kind(rule).is_default(), "{} is off", case.rule);
    }
}

#[test]
fn each_default_rule_fires_on_a_table_in_use() {
    for case in CASES {
        let drawn = names(run(&with_case(&[], case), &pg19()));
        assert!(
            drawn.iter().any(|rule| rule == case.rule),
            "{}: {drawn:?}",
            case.rule
        );
    }
}

#[test]
fn each_hazard_is_silent_on_a_table_the_migration_created() {
    for case in CASES {
        let Some(created) = case.created_before else {
            continue;
        };
        let drawn = names(run(&with_case(created, case), &pg19()));
        assert!(drawn.is_empty(), "{}: {drawn:?}", case.rule);
    }
}

#[test]
fn each_default_rule_is_silenced_by_its_operation_allowance() {
    let config = pg19();
    for case in CASES {
        let statements = with_case(&["SELECT 1"], case);
        let findings = lint(
            &LintInput {
                statements: &statements,
            },
            &config,
            &|operation, rule| operation == 1 && rule == case.rule,
        );
        assert!(
            !findings.iter().any(|finding| finding.rule == case.rule),
            "{}: {findings:?}",
            case.rule
        );
    }
}

#[test]
fn findings_carry_squawks_message_and_help() {
    let findings = run(
        &statements(&["CREATE INDEX users_email_idx ON users (email)"]),
        &LintConfig::default(),
    );
    assert_eq!(
        findings,
        [Finding {
            rule: "require-concurrent-index-creation".to_owned(),
            message: "During normal index creation, table updates are blocked, but reads are \
                      still allowed."
                .to_owned(),
            help: Some("Use `concurrently` to avoid blocking writes.".to_owned()),
            operation: 0,
            deny: false,
        }]
    );
}

#[test]
fn an_index_and_a_foreign_key_on_a_new_table_draw_nothing() {
    let sqls = [
        "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric)",
        "CREATE INDEX ON orders (user_id)",
        "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) \
         REFERENCES users (id)",
        "ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0)",
    ];
    assert_eq!(rules_drawn(&sqls), Vec::<String>::new());
}

#[test]
fn a_new_table_stays_new_after_a_concurrent_step_and_under_a_new_name() {
    let statements = [
        LintStatement {
            sql: "CREATE TABLE carts (id bigint, note text)",
            operation: 0,
            transaction: true,
        },
        LintStatement {
            sql: "CREATE INDEX CONCURRENTLY users_email_idx ON users (email)",
            operation: 1,
            transaction: false,
        },
        LintStatement {
            sql: "ALTER TABLE carts RENAME TO baskets",
            operation: 2,
            transaction: true,
        },
        LintStatement {
            sql: "ALTER TABLE baskets ALTER COLUMN note SET NOT NULL",
            operation: 3,
            transaction: true,
        },
    ];
    assert_eq!(run(&statements, &LintConfig::default()), []);
}

#[test]
fn create_table_if_not_exists_does_not_make_a_table_new() {
    let drawn = rules_drawn(&[
        "CREATE TABLE IF NOT EXISTS users (id bigint, email text)",
        "ALTER TABLE users DROP COLUMN email",
    ]);
    assert_eq!(drawn, ["ban-drop-column"]);
}

#[test]
fn a_table_of_another_schema_is_not_the_new_one() {
    let drawn = rules_drawn(&[
        "CREATE TABLE archive.users (id bigint, email text)",
        "ALTER TABLE public.users DROP COLUMN email",
    ]);
    assert_eq!(drawn, ["ban-drop-column"]);
}

#[test]
fn a_concurrent_index_build_outside_the_transaction_draws_nothing() {
    let statements = [
        LintStatement {
            sql: "ALTER TABLE users ADD COLUMN nickname text",
            operation: 0,
            transaction: true,
        },
        LintStatement {
            sql: "CREATE INDEX CONCURRENTLY users_nickname_idx ON users (nickname)",
            operation: 1,
            transaction: false,
        },
        LintStatement {
            sql: "DROP INDEX CONCURRENTLY users_email_idx",
            operation: 2,
            transaction: false,
        },
    ];
    assert_eq!(run(&statements, &LintConfig::default()), []);
}

#[test]
fn findings_name_the_operation_of_their_statement() {
    let statements = [
        LintStatement {
            sql: "CREATE TABLE teams (id bigint PRIMARY KEY);",
            operation: 0,
            transaction: true,
        },
        // One raw step of two statements, the second drawing two rules.
        LintStatement {
            sql: "UPDATE users SET age = 0 WHERE age IS NULL;\n\
                  ALTER TABLE users ALTER COLUMN age SET NOT NULL -- backfilled above",
            operation: 3,
            transaction: true,
        },
        LintStatement {
            sql: "CREATE INDEX CONCURRENTLY users_age_idx ON users (age)",
            operation: 4,
            transaction: false,
        },
        LintStatement {
            sql: "DROP TABLE legacy",
            operation: 7,
            transaction: true,
        },
    ];
    let found: Vec<(String, usize)> = run(&statements, &LintConfig::default())
        .into_iter()
        .map(|finding| (finding.rule, finding.operation))
        .collect();
    assert_eq!(
        found,
        [
            ("adding-not-nullable-field".to_owned(), 3),
            ("ban-drop-table".to_owned(), 7),
        ]
    );
}

#[test]
fn an_empty_migration_draws_nothing() {
    assert_eq!(run(&[], &LintConfig::default()), []);
}

#[test]
fn style_rules_run_only_when_added() {
    let sql = ["CREATE TABLE tags (id int, label varchar(40))"];
    assert_eq!(rules_drawn(&sql), Vec::<String>::new());
    let config = LintConfig::from_toml(
        "[lint]\nadd = [\"prefer-bigint-over-int\", \"prefer-text-field\"]\n",
    )
    .unwrap();
    let drawn: Vec<String> = run(&statements(&sql), &config)
        .into_iter()
        .map(|finding| finding.rule)
        .collect();
    assert_eq!(drawn, ["prefer-bigint-over-int", "prefer-text-field"]);
}

#[test]
fn no_timeout_rule_fires_on_a_migration_without_set_statements() {
    let drawn = rules_drawn(&["ALTER TABLE users ADD COLUMN nickname text"]);
    assert_eq!(drawn, Vec::<String>::new());
}

#[test]
fn denied_rules_are_marked_and_allowed_ones_silent() {
    let config = LintConfig::from_toml(
        "[lint]\ndeny = [\"ban-drop-table\"]\nallow = [\"ban-drop-column\"]\n",
    )
    .unwrap();
    let findings = run(
        &statements(&[
            "ALTER TABLE users DROP COLUMN email",
            "DROP TABLE legacy",
            "ALTER TABLE users RENAME COLUMN age TO years",
        ]),
        &config,
    );
    let found: Vec<(&str, bool)> = findings
        .iter()
        .map(|finding| (finding.rule.as_str(), finding.deny))
        .collect();
    assert_eq!(
        found,
        [("ban-drop-table", true), ("renaming-column", false)]
    );
}

#[test]
fn the_pg_version_reaches_squawk() {
    let sql = ["ALTER TABLE users ADD COLUMN score int DEFAULT 0"];
    assert_eq!(rules_drawn(&sql), Vec::<String>::new());
    let config = LintConfig::from_toml("[lint]\npg_version = 10\n").unwrap();
    let drawn: Vec<String> = run(&statements(&sql), &config)
        .into_iter()
        .map(|finding| finding.rule)
        .collect();
    assert_eq!(drawn, ["adding-field-with-default"]);
}

#[test]
fn the_defaults_are_the_hazards_and_mistakes() {
    let config = LintConfig::from_toml("[defaults]\nlock_timeout = \"2s\"\n").unwrap();
    let expected: Vec<_> = rules::ALL
        .iter()
        .copied()
        .filter(|rule| matches!(rules::kind(*rule), Kind::Hazard | Kind::Mistake))
        .collect();
    assert_eq!(config.rules(), expected);
    assert_eq!(LintConfig::default().rules(), expected);
    assert!(config.rules().iter().all(|rule| !config.is_denied(*rule)));
}
