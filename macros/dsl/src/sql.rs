//! SQL generation: a pure function from the checked model to the steps that run.

use crate::ast::{Migration, Operation, Section};
use sha2::{Digest, Sha256};

/// One SQL step as it will run, with whether it may run inside a transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The SQL text, sent to the server as written.
    pub sql: String,
    /// Whether the step may share a transaction with its neighbours.
    pub transaction: bool,
}

/// The generated form of a migration: its up steps, its down steps when it has a way
/// back, and the checksum of the up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// The steps that apply the migration, in order.
    pub up: Vec<Step>,
    /// The steps that revert it, in order; `None` when the migration has no down.
    pub down: Option<Vec<Step>>,
    /// Hex SHA-256 of the up steps; see [`checksum`].
    pub checksum: String,
}

/// Generates the steps of a checked migration.
pub fn generate(migration: &Migration) -> Script {
    let up: Vec<Step> = migration.up.iter().flat_map(section_steps).collect();
    let down = crate::check::down_section(migration).map(section_steps);
    let checksum = checksum(&up);
    Script { up, down, checksum }
}

fn section_steps(section: &Section) -> Vec<Step> {
    section
        .operations
        .iter()
        .map(|operation| match operation {
            Operation::Sql(sql) => Step {
                sql: sql.text.clone(),
                transaction: true,
            },
        })
        .collect()
}

/// The checksum of a migration: hex SHA-256 over each up step's transaction flag and
/// SQL. Both matter: the same statement run outside a transaction behaves differently.
pub fn checksum(up: &[Step]) -> String {
    let mut hasher = Sha256::new();
    for step in up {
        hasher.update([u8::from(step.transaction)]);
        hasher.update((step.sql.len() as u64).to_le_bytes());
        hasher.update(step.sql.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    fn script(input: &str) -> Script {
        let tokens: proc_macro2::TokenStream = input.parse().expect("tokens");
        generate(&crate::parse_and_check(tokens).expect("valid migration"))
    }

    #[test]
    fn up_and_down_blocks_become_steps_in_order() {
        let script = script(
            r#"
            up { sql("CREATE TABLE a (id int)"); sql("CREATE TABLE b (id int)"); }
            down { sql("DROP TABLE b"); sql("DROP TABLE a"); }
            "#,
        );
        expect![[r#"
            Script {
                up: [
                    Step {
                        sql: "CREATE TABLE a (id int)",
                        transaction: true,
                    },
                    Step {
                        sql: "CREATE TABLE b (id int)",
                        transaction: true,
                    },
                ],
                down: Some(
                    [
                        Step {
                            sql: "DROP TABLE b",
                            transaction: true,
                        },
                        Step {
                            sql: "DROP TABLE a",
                            transaction: true,
                        },
                    ],
                ),
                checksum: "",
            }
        "#]]
        .assert_debug_eq(&Script {
            checksum: String::new(),
            ..script
        });
    }

    #[test]
    fn bare_operations_are_the_up_and_no_down_block_means_no_down() {
        let script = script(r#"sql("CREATE TABLE a ()"); sql("CREATE TABLE b ()");"#);
        assert_eq!(script.up.len(), 2);
        assert_eq!(script.down, None);
    }

    #[test]
    fn checksum_depends_on_the_up_only() {
        let first = script(r#"up { sql("CREATE TABLE a ()"); } down { sql("DROP TABLE a"); }"#);
        let other_down =
            script(r#"up { sql("CREATE TABLE a ()"); } down { sql("DROP TABLE IF EXISTS a"); }"#);
        let other_up = script(r#"up { sql("CREATE TABLE a (x int)"); }"#);
        assert_eq!(first.checksum, other_down.checksum);
        assert_ne!(first.checksum, other_up.checksum);
        expect!["97387623cd1e6f2a446bd4383781261d45f4e4a4ed4cbdbef516abfdd46b343e"]
            .assert_eq(&first.checksum);
    }

    #[test]
    fn splitting_a_statement_across_steps_changes_the_checksum() {
        let joined = script(r#"sql("SELECT 1; SELECT 2");"#);
        let split = script(r#"sql("SELECT 1;"); sql(" SELECT 2");"#);
        assert_ne!(joined.checksum, split.checksum);
    }
}
