//! `cargo run -p cli -- <command>`: the migrator for this workspace's `db` migrations.

fn main() -> std::process::ExitCode {
    cli::main(db::MIGRATIONS, db::MIGRATIONS_DIR)
}
