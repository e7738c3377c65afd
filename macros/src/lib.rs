//! The `migration!` procedural macro: a thin shell over the `dsl` crate.

/// Declares a migration: its up steps, and optionally its down steps.
///
/// ```
/// mod create_users {
///     pgbatch::migration! {
///         up { sql("CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE)"); }
///         down { sql("DROP TABLE users"); }
///     }
/// }
///
/// let script: pgbatch::Script = create_users::SCRIPT;
/// assert_eq!(script.up()[0].sql, "CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE)");
/// assert_eq!(script.down().as_deref().map(<[_]>::len), Some(1));
/// ```
///
/// Expands to `pub const SCRIPT: ::pgbatch::Script`: the up steps, the down steps
/// (the `down` block, or derived by inverting the up; `None` for a migration marked
/// `irreversible;`) and the checksum of the up, all checked and built at compile time.
/// Operations outside any block are the up.
#[proc_macro]
pub fn migration(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    // The `db` build script lists the types its migrations create, so a migration may
    // use a type that another one creates.
    let known_types: Vec<String> = std::env::var("MIGRATOR_KNOWN_TYPES")
        .unwrap_or_default()
        .split(',')
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    let context = pgbatch_dsl::Context {
        known_types,
        manifest_dir: std::env::var_os("CARGO_MANIFEST_DIR").map(Into::into),
        findings: findings(),
    };
    pgbatch_dsl::expand(input.into(), &context).into()
}

/// What the build script's checks over every migration found in this file: it writes
/// them, one file per migration, to the folder `PGBATCH_FINDINGS` names. `None`
/// outside such a build (a migration written in a crate without the build script, or
/// a test), or for a file the checks did not reach, where the macro checks the
/// migration alone.
fn findings() -> Option<Vec<pgbatch_dsl::findings::Finding>> {
    let dir = std::env::var_os("PGBATCH_FINDINGS")?;
    let file = proc_macro2::Span::call_site().local_file()?;
    let name = file.file_name()?.to_str()?.to_owned();
    let text =
        std::fs::read_to_string(std::path::Path::new(&dir).join(format!("{name}.txt"))).ok()?;
    pgbatch_dsl::findings::decode(&text, &name)
}
