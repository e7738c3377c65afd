//! `cargo run -p cli -- <command>`: every pgbatch command over this repository's `db` migrations.

fn main() -> std::process::ExitCode {
    pgbatch_cli::main(db::MIGRATIONS, db::MIGRATIONS_DIR)
}
