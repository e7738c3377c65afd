//! The DSL's syntax tree, before interpretation: operations with JSON-like argument
//! values. Every node keeps the span of the user's token.

use proc_macro2::Span;

/// A whole `migration! { … }` body.
#[derive(Debug)]
pub struct Migration {
    /// Every `up { … }` block and bare operation, in source order.
    pub up: Vec<Section>,
    /// Every `down { … }` block, in source order (more than one is a check error).
    pub down: Vec<Section>,
    /// Every `irreversible;` marker (more than one, or one beside a `down`, is an error).
    pub irreversible: Vec<Span>,
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
    /// Every `noop;` of a `down` block: nothing to undo, on purpose (more than one, or
    /// one beside operations, is a check error).
    pub noop: Vec<Span>,
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

/// One operation call, such as `createTable("posts", { … });`, not yet interpreted.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operation's name as written (`createTable`).
    pub name: String,
    /// The name's span.
    pub span: Span,
    /// The arguments, in order.
    pub args: Vec<Value>,
    /// The span of the parentheses, for "missing argument" errors.
    pub args_span: Span,
}

/// An argument value.
#[derive(Debug, Clone)]
pub struct Value {
    /// What was written.
    pub kind: ValueKind,
    /// Where.
    pub span: Span,
}

/// The kinds of values the DSL accepts.
#[derive(Debug, Clone)]
pub enum ValueKind {
    /// `"text"`.
    Str(String),
    /// `true` / `false`.
    Bool(bool),
    /// A number literal, as written (`42`, `-1`, `3.5`).
    Number(String),
    /// `null`.
    Null,
    /// `[a, b]`.
    Array(Vec<Value>),
    /// `{ key: value, … }`; keys keep their spans.
    Object(Vec<(Key, Value)>),
    /// `func("now()")`: raw SQL where a literal would otherwise go.
    Func(String),
}

/// An object key (`notNull`, or `"notNull"`).
#[derive(Debug, Clone)]
pub struct Key {
    /// The key as written.
    pub name: String,
    /// Its span.
    pub span: Span,
}

impl ValueKind {
    /// The kind's name in messages: "a string", "an object"…
    pub fn describe(&self) -> &'static str {
        match self {
            ValueKind::Str(_) => "a string",
            ValueKind::Bool(_) => "a boolean",
            ValueKind::Number(_) => "a number",
            ValueKind::Null => "`null`",
            ValueKind::Array(_) => "an array",
            ValueKind::Object(_) => "an object",
            ValueKind::Func(_) => "`func(…)`",
        }
    }
}
