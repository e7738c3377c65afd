//! Expressions against the table they belong to: a check, an index predicate or an
//! index expression must name columns the table has.

use super::{Cx, object};
use crate::model::QualifiedName;
use crate::pg;
use crate::value::closest;
use pgbatch_schema::{Lookup, Table};
use proc_macro2::Span;

impl Cx<'_> {
    /// Reports each bare name in `expr` that is not a column of `table`. Silent when
    /// the expression holds what the parser cannot attribute (a subquery), or the table
    /// is not completely known.
    pub(super) fn expression_columns(
        &mut self,
        table: &Table,
        expr: &str,
        span: Span,
        name: &QualifiedName,
    ) {
        let Some(columns) = pg::column_refs(expr) else {
            return;
        };
        let mut reported = Vec::new();
        for column in columns {
            if !matches!(table.column(&column), Lookup::Missing) || reported.contains(&column) {
                continue;
            }
            let hint = match closest(&column, table.columns.iter().map(|c| c.name.as_str())) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "an expression here may name only the table's own columns".to_owned(),
            };
            self.errors.push(
                span,
                format!(
                    "the expression names `{column}`, which is not a column of table `{}`; {hint}",
                    object(name)
                ),
            );
            reported.push(column);
        }
    }
}
