//! The constraint names of every table, by schema: what PostgreSQL's
//! `ChooseConstraintName` looks through (the whole namespace) for each constraint a
//! statement leaves unnamed. Looking through every table instead made a history of
//! N tables with keys cost N² (at 10,000 migrations, half the build script's time).
//!
//! The index is kept by the only ways [`Schema::apply`] changes a table's constraints:
//! the methods below. Each adds and removes names as it changes the tables, so the
//! index always holds exactly the names the tables hold; the crate's tests (and those of
//! the crates that enable the `check-index` feature) compare the two after every
//! statement.

use crate::model::{Constraint, ObjectName, Schema, Table};
use std::collections::HashMap;

/// How many constraints of a schema's tables have each name (two tables may each have a
/// constraint of the same name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ConstraintNames(HashMap<ObjectName, usize>);

impl ConstraintNames {
    fn add(&mut self, namespace: &str, name: &str) {
        *self
            .0
            .entry(ObjectName::new(Some(namespace), name))
            .or_default() += 1;
    }

    fn remove(&mut self, namespace: &str, name: &str) {
        let key = ObjectName::new(Some(namespace), name);
        if let Some(count) = self.0.get_mut(&key) {
            *count -= 1;
            if *count == 0 {
                self.0.remove(&key);
            }
        }
    }

    /// The names the tables hold.
    pub(crate) fn of<'t>(tables: impl IntoIterator<Item = (&'t ObjectName, &'t Table)>) -> Self {
        let mut names = ConstraintNames::default();
        for (name, table) in tables {
            names.add_table(name, table);
        }
        names
    }

    fn add_table(&mut self, name: &ObjectName, table: &Table) {
        for constraint in &table.constraints {
            self.add(&name.schema, &constraint.name);
        }
    }

    fn remove_table(&mut self, name: &ObjectName, table: &Table) {
        for constraint in &table.constraints {
            self.remove(&name.schema, &constraint.name);
        }
    }
}

impl Schema {
    /// Whether a table of `namespace` has a constraint of this name.
    pub(crate) fn constraint_name_taken(&self, namespace: &str, name: &str) -> bool {
        self.constraint_names
            .0
            .contains_key(&ObjectName::new(Some(namespace), name))
    }

    /// Adds (or replaces) a table, with its constraints.
    pub(crate) fn insert_table(&mut self, name: ObjectName, table: Table) {
        self.constraint_names.add_table(&name, &table);
        if let Some(old) = self.tables.insert(name.clone(), table) {
            self.constraint_names.remove_table(&name, &old);
        }
    }

    /// Removes a table, with its constraints.
    pub(crate) fn remove_table(&mut self, name: &ObjectName) -> Option<Table> {
        let table = self.tables.remove(name)?;
        self.constraint_names.remove_table(name, &table);
        Some(table)
    }

    /// Adds a constraint to a table, when the model has the table.
    pub(crate) fn add_constraint(&mut self, table: &ObjectName, constraint: Constraint) {
        if let Some(known) = self.tables.get_mut(table) {
            self.constraint_names.add(&table.schema, &constraint.name);
            known.constraints.push(constraint);
        }
    }

    /// Keeps, in every table, only the constraints `keep` accepts.
    pub(crate) fn retain_constraints(&mut self, mut keep: impl FnMut(&Constraint) -> bool) {
        let Self {
            tables,
            constraint_names,
            ..
        } = self;
        for (name, table) in tables.iter_mut() {
            table.constraints.retain(|constraint| {
                let kept = keep(constraint);
                if !kept {
                    constraint_names.remove(&name.schema, &constraint.name);
                }
                kept
            });
        }
    }

    /// Keeps, in one table, only the constraints `keep` accepts; returns the others.
    pub(crate) fn retain_table_constraints(
        &mut self,
        table: &ObjectName,
        mut keep: impl FnMut(&Constraint) -> bool,
    ) -> Vec<Constraint> {
        let Some(known) = self.tables.get_mut(table) else {
            return Vec::new();
        };
        let (kept, gone) = std::mem::take(&mut known.constraints)
            .into_iter()
            .partition(|constraint| keep(constraint));
        known.constraints = kept;
        for constraint in &gone {
            self.constraint_names
                .remove(&table.schema, &constraint.name);
        }
        gone
    }

    /// Renames a table's constraints named `from`.
    pub(crate) fn rename_table_constraint(&mut self, table: &ObjectName, from: &str, to: &str) {
        let Some(known) = self.tables.get_mut(table) else {
            return;
        };
        for constraint in known.constraints.iter_mut().filter(|c| c.name == from) {
            self.constraint_names.remove(&table.schema, from);
            self.constraint_names.add(&table.schema, to);
            to.clone_into(&mut constraint.name);
        }
    }

    /// Panics when the index differs from the names the tables hold: run after every
    /// statement by the tests.
    #[cfg(any(test, feature = "check-index"))]
    pub(crate) fn check_constraint_names(&self) {
        assert_eq!(
            self.constraint_names,
            ConstraintNames::of(&self.tables),
            "the constraint name index differs from the tables' constraints"
        );
    }
}
