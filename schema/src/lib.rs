//! The schema that migrations produce, replayed from their SQL without a database.
//!
//! [`Schema::apply`] follows one SQL text (one or more statements) with squawk's
//! PostgreSQL parser: the DDL real migrations use updates the model exactly, and a
//! statement it does not follow marks what it touches as unknown, so a check against
//! the model (`pgbatch-dsl`'s, at build time) never refuses what PostgreSQL would
//! accept. [`Schema::to_ddl`] prints the model back as DDL.
//!
//! ```
//! use pgbatch_schema::{Lookup, ObjectName, Schema};
//!
//! let mut schema = Schema::default();
//! schema.apply("CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL UNIQUE)");
//! schema.apply("ALTER TABLE users RENAME COLUMN email TO address");
//! let Lookup::Found(users) = schema.table(&ObjectName::new(None, "users")) else {
//!     panic!("users is created");
//! };
//! assert!(matches!(users.column("address"), Lookup::Found(_)));
//! assert!(matches!(users.constraint("users_email_key"), Lookup::Found(_)));
//! assert!(schema.to_ddl().contains("CREATE TABLE users"));
//! ```

mod apply;
mod constraint_names;
mod ddl;
mod model;
mod names;
mod snapshot;
mod syntax;
mod types;

#[cfg(test)]
mod tests;

pub use model::{
    Column, Constraint, ConstraintKind, DEFAULT_SCHEMA, Extension, Identity, Index, IndexElement,
    Lookup, ObjectName, Schema, Sequence, Table, TypeDef, View,
};

impl Schema {
    /// Follows the statements of `sql`, in order. Never fails: a statement the model
    /// cannot follow marks what it names as unknown, or the whole model as opaque.
    pub fn apply(&mut self, sql: &str) {
        apply::apply(self, sql);
    }

    /// The schema as PostgreSQL DDL that, run on an empty database, creates the same
    /// catalog: schemas, extensions, types, sequences, tables with their columns and
    /// constraints (foreign keys after every table), the indexes no constraint owns,
    /// and views in creation order. The order is deterministic.
    pub fn to_ddl(&self) -> String {
        ddl::to_ddl(self)
    }
}
