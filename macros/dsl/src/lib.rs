//! The `migration!` DSL as a plain library: parse → check → generate.
//!
//! The proc-macro crate `macros` is a thin shell over [`expand`]; the `db` build
//! script uses [`files`] to discover migration files. Nothing here does I/O or talks to
//! a database, and everything depends on `proc-macro2` rather than `proc_macro`, so it
//! can be unit-tested and called from build scripts.
#![warn(clippy::unwrap_used)]

pub mod ast;
mod check;
mod expand;
pub mod files;
mod parse;
pub mod sql;

pub use expand::expand;

use proc_macro2::TokenStream;

/// Parses and checks a `migration!` body, returning the model or every error found.
pub fn parse_and_check(input: TokenStream) -> syn::Result<ast::Migration> {
    let migration: ast::Migration = syn::parse2(input)?;
    check::check(&migration)?;
    Ok(migration)
}
