//! The `migration!` procedural macro: a thin shell over the `dsl` crate.

/// Declares a migration: its up steps, and optionally its down steps.
///
/// ```ignore
/// migration! {
///     up { sql("CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE)"); }
///     down { sql("DROP TABLE users"); }
/// }
/// ```
///
/// Expands to `pub const SCRIPT: ::migrator::Script`, checked at compile time.
#[proc_macro]
pub fn migration(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    dsl::expand(input.into()).into()
}
