//! The real command line over a fixture migration set chosen by `FIXTURE` (`db`, the
//! application's own migrations, by default), so tests can run the CLI end to end
//! over migrations made to fail, sleep or drift. `FIXTURE=none` is the `pgbatch`
//! binary: no migrations compiled in (so `init` scaffolds an application).

fn main() -> std::process::ExitCode {
    let name = std::env::var("FIXTURE").unwrap_or_else(|_| "db".to_owned());
    if name == "none" {
        return pgbatch_cli::main(&[], "");
    }
    let Some(migrations) = tests::fixtures::by_name(&name) else {
        eprintln!("error: no fixture set named `{name}`");
        return std::process::ExitCode::FAILURE;
    };
    pgbatch_cli::main(migrations, db::MIGRATIONS_DIR)
}
