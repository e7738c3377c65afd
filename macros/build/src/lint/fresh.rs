//! Which statements act on a table the same migration created before them.
//!
//! squawk spares tables created earlier in the file for four rules only (index creation,
//! foreign keys, `UNIQUE` and `NOT VALID` constraints), and only when the `CREATE TABLE`
//! ran inside a transaction. A table our migration creates is new, empty and unknown to
//! any client wherever it was created, so every hazard rule is silent on it: a
//! rewrite, a scan or a lock on it blocks nobody, and renaming or dropping its parts
//! breaks no client. This module finds those statements; `lint` drops the hazards
//! reported on them.

use squawk_syntax::ast::{self, AstNode};

/// A table or index name as PostgreSQL resolves it (unquoted names folded to lower
/// case, as squawk's `text()` does), with its schema when the SQL gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Name {
    schema: Option<String>,
    name: String,
}

impl Name {
    /// Whether both names may denote the same object: the same name, and the same
    /// schema unless one of them leaves it to the search path.
    fn matches(&self, other: &Name) -> bool {
        self.name == other.name
            && (self.schema.is_none() || other.schema.is_none() || self.schema == other.schema)
    }

    fn of_path(path: &ast::Path) -> Option<Name> {
        Some(Name {
            name: path.segment()?.text(),
            schema: path
                .qualifier()
                .and_then(|qualifier| qualifier.segment())
                .map(|segment| segment.text()),
        })
    }

    fn of_path_ref(path: &ast::PathRef) -> Option<Name> {
        Some(Name {
            name: path.segment()?.text(),
            schema: path
                .qualifier()
                .and_then(|qualifier| qualifier.segment())
                .map(|segment| segment.text()),
        })
    }
}

/// The objects created so far, statement by statement.
#[derive(Debug, Default)]
struct Created {
    tables: Vec<Name>,
    /// Indexes on those tables: dropping one locks only a new table.
    indexes: Vec<Name>,
}

impl Created {
    fn has_table(&self, name: &Name) -> bool {
        self.tables.iter().any(|table| table.matches(name))
    }

    fn has_index(&self, name: &Name) -> bool {
        self.indexes.iter().any(|index| index.matches(name))
    }
}

/// The byte ranges of the statements, in the linted text, that act on a table created
/// earlier in the same text (the `CREATE TABLE` itself included), in order.
#[derive(Debug, Default)]
pub(crate) struct OnNewTables {
    ranges: Vec<(usize, usize)>,
}

impl OnNewTables {
    /// Walks the statements in order, recording what each creates.
    pub(crate) fn scan(file: &ast::SourceFile) -> OnNewTables {
        let mut created = Created::default();
        let mut ranges = Vec::new();
        for stmt in file.stmts() {
            if on_new_table(&stmt, &mut created) {
                let range = stmt.syntax().text_range();
                ranges.push((usize::from(range.start()), usize::from(range.end())));
            }
        }
        OnNewTables { ranges }
    }

    /// Whether the statement at byte `offset` acts on a new table.
    pub(crate) fn contains(&self, offset: usize) -> bool {
        self.ranges
            .iter()
            .any(|(start, end)| (*start..*end).contains(&offset))
    }
}

/// Records a table that a `CREATE TABLE [AS]` makes new; `IF NOT EXISTS` may leave an
/// old table, full and in use, in place, so it makes none.
fn created_table(if_not_exists: bool, name: Option<ast::TableName>, created: &mut Created) -> bool {
    let Some(name) = name
        .filter(|_| !if_not_exists)
        .and_then(|table| table.path())
        .and_then(|path| Name::of_path(&path))
    else {
        return false;
    };
    created.tables.push(name);
    true
}

/// Whether `stmt` acts on a table in `created`; records what it creates.
fn on_new_table(stmt: &ast::Stmt, created: &mut Created) -> bool {
    match stmt {
        ast::Stmt::CreateTable(create) => created_table(
            create.if_not_exists().is_some(),
            create.table_name(),
            created,
        ),
        ast::Stmt::CreateTableAs(create) => created_table(
            create.if_not_exists().is_some(),
            create.table_name(),
            created,
        ),
        ast::Stmt::CreateIndex(create) => {
            let on_new = create
                .table_relation_name()
                .and_then(|relation| relation.table_name_ref())
                .and_then(|table| table.path_ref())
                .and_then(|path| Name::of_path_ref(&path))
                .is_some_and(|table| created.has_table(&table));
            if on_new
                && let Some(index) = create
                    .index()
                    .and_then(|index| index.path())
                    .and_then(|path| Name::of_path(&path))
            {
                created.indexes.push(index);
            }
            on_new
        }
        ast::Stmt::DropIndex(drop) => {
            let mut indexes = drop
                .index_refs()
                .map(|index| {
                    index
                        .path_ref()
                        .and_then(|path| Name::of_path_ref(&path))
                        .is_some_and(|name| created.has_index(&name))
                })
                .peekable();
            indexes.peek().is_some() && indexes.all(|on_new| on_new)
        }
        ast::Stmt::DropTable(drop) => {
            let mut tables = drop
                .table_name_refs()
                .map(|table| {
                    table
                        .path_ref()
                        .and_then(|path| Name::of_path_ref(&path))
                        .is_some_and(|name| created.has_table(&name))
                })
                .peekable();
            tables.peek().is_some() && tables.all(|on_new| on_new)
        }
        ast::Stmt::AlterTable(alter) => {
            let on_new = alter
                .table_relation_name()
                .and_then(|relation| relation.table_name_ref())
                .and_then(|table| table.path_ref())
                .and_then(|path| Name::of_path_ref(&path))
                .is_some_and(|table| created.has_table(&table));
            if on_new {
                // A new table keeps being new under its new name.
                for action in alter.actions() {
                    if let ast::AlterTableAction::TableRenameTo(rename) = action
                        && let Some(name) = rename
                            .table_name()
                            .and_then(|table| table.path())
                            .and_then(|path| Name::of_path(&path))
                    {
                        created.tables.push(name);
                    }
                }
            }
            on_new
        }
        _ => false,
    }
}
