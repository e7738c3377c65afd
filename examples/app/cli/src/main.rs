fn main() -> std::process::ExitCode {
    pgbatch_cli::main(db::MIGRATIONS, db::MIGRATIONS_DIR)
}
