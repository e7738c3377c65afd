//! View operations, as node-pg-migrate spells them: `createView`, `dropView`,
//! `renameView`, and their materialized twins with `refreshMaterializedView`. A view's
//! definition is a query string, checked by the parser as the body of a view.

use super::Cx;
use crate::ast::Value;
use crate::model::{Expr, OperationKind, View};
use crate::pg;
use crate::value;

impl<'a> Cx<'a> {
    /// `createView(name, options, definition)` (node-pg-migrate's order) or
    /// `createView(name, definition)`; `materialized` for `createMaterializedView`.
    pub(super) fn create_view(&mut self, materialized: bool) -> Option<OperationKind> {
        let args = self.args(&["the view name", "the query"], &["the query"])?;
        let (options, definition) = match args[2] {
            Some(definition) => (args[1], definition),
            None => (None, args[1]?),
        };
        let name = value::qualified(args[0]?, "the view name", self.errors);
        let definition = self.query(definition);
        let allowed: &[&str] = if materialized {
            &[
                "columns",
                "ifNotExists",
                "data",
                "tablespace",
                "storageParameters",
            ]
        } else {
            &[
                "columns",
                "replace",
                "temporary",
                "recursive",
                "checkOption",
                "options",
            ]
        };
        let options = self.options(options, allowed);
        let columns = match options.get("columns") {
            Some(columns) => value::names(columns, "`columns`", self.errors).unwrap_or_default(),
            None => Vec::new(),
        };
        let recursive = options.flag("recursive", self.errors);
        if recursive
            && columns.is_empty()
            && let Some(span) = options.key_span("recursive")
        {
            self.errors.push(
                span,
                "a recursive view needs `columns`, as PostgreSQL requires",
            );
        }
        let check_option = options.get("checkOption").and_then(|value| {
            value::choice(value, "`checkOption`", &["cascaded", "local"], self.errors)
                .map(str::to_owned)
        });
        let data = options
            .get("data")
            .and_then(|value| value::boolean(value, "`data`", self.errors));
        let parameters = match (options.get("options"), options.get("storageParameters")) {
            (Some(value), _) => {
                self.parameters(value, "`options`", Some(super::alters::VIEW_OPTIONS))
            }
            (_, Some(value)) => self.parameters(value, "`storageParameters`", None),
            (None, None) => Some(Vec::new()),
        };
        let mut rendered: Vec<String> = Vec::new();
        for (key, value) in parameters? {
            match value {
                Some(value) => rendered.push(format!("{} = {}", crate::sql::ident(&key), value)),
                None => self.errors.push(
                    self.op.args_span,
                    format!(
                        "`{key}: null` resets an option of an existing view; leave it out here"
                    ),
                ),
            }
        }
        let tablespace = options
            .get("tablespace")
            .and_then(|value| value::name(value, "`tablespace`", self.errors));
        Some(OperationKind::CreateView(Box::new(View {
            name: name?,
            materialized,
            definition: definition?,
            columns,
            replace: options.flag("replace", self.errors),
            temporary: options.flag("temporary", self.errors),
            recursive,
            check_option,
            if_not_exists: options.flag("ifNotExists", self.errors),
            data,
            parameters: rendered,
            tablespace,
        })))
    }

    pub(super) fn drop_view(&mut self, materialized: bool) -> Option<OperationKind> {
        let args = self.args(&["the view name"], &["options"])?;
        let name = value::qualified(args[0]?, "the view name", self.errors);
        let drop = self.drop_options(args[1]);
        Some(OperationKind::DropView {
            name: name?,
            materialized,
            drop,
        })
    }

    pub(super) fn rename_view(&mut self, materialized: bool) -> Option<OperationKind> {
        let args = self.args(&["the view name", "the new name"], &[])?;
        let name = value::qualified(args[0]?, "the view name", self.errors);
        let to = value::name(args[1]?, "the new name", self.errors);
        Some(OperationKind::RenameView {
            name: name?,
            materialized,
            to: to?,
        })
    }

    pub(super) fn refresh_materialized_view(&mut self) -> Option<OperationKind> {
        let args = self.args(&["the view name"], &["options"])?;
        let name = value::qualified(args[0]?, "the view name", self.errors);
        let options = self.options(args[1], &["concurrently", "data"]);
        let concurrently = options.flag("concurrently", self.errors);
        let data = options
            .get("data")
            .and_then(|value| value::boolean(value, "`data`", self.errors));
        if concurrently
            && data == Some(false)
            && let Some(span) = options.key_span("concurrently")
        {
            self.errors.push(
                span,
                "`concurrently` cannot be used with `data: false`, as PostgreSQL requires",
            );
        }
        Some(OperationKind::RefreshMaterializedView {
            name: name?,
            concurrently,
            data,
        })
    }

    /// A view's query: a string that the parser accepts as the body of a view.
    fn query(&mut self, value: &Value) -> Option<Expr> {
        let text = value::string(value, "the query", self.errors)?;
        match pg::query(&text.value) {
            Ok(()) => Some(Expr {
                sql: text.value.trim().to_owned(),
                span: text.span,
            }),
            Err(message) => {
                self.errors
                    .push(text.span, format!("invalid query: {message}"));
                None
            }
        }
    }
}
