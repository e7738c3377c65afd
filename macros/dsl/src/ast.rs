//! The DSL's syntax tree; every node keeps the span of the user's token.

use proc_macro2::Span;

/// A whole `migration! { … }` body.
#[derive(Debug)]
pub struct Migration {
    /// Every `up { … }` block and bare operation, in source order.
    pub up: Vec<Section>,
    /// Every `down { … }` block, in source order (more than one is a check error).
    pub down: Vec<Section>,
}

/// A run of operations: an `up`/`down` block, or one bare operation.
#[derive(Debug)]
pub struct Section {
    /// How the section was written.
    pub kind: SectionKind,
    /// The `up`/`down` keyword, or the bare operation's name.
    pub span: Span,
    /// The operations, in source order.
    pub operations: Vec<Operation>,
}

/// How a [`Section`] was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// `up { … }`.
    UpBlock,
    /// `down { … }`.
    DownBlock,
    /// An operation outside any block, which belongs to the up.
    Bare,
}

/// One operation call, such as `sql("…");`.
#[derive(Debug)]
pub enum Operation {
    /// `sql("…")`: raw SQL, run as written.
    Sql(Sql),
}

/// `sql("…")`.
#[derive(Debug)]
pub struct Sql {
    /// The string literal's value.
    pub text: String,
    /// The string literal.
    pub span: Span,
}
