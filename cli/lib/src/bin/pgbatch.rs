//! `pgbatch`: the command line with no migrations compiled in. `pgbatch init` scaffolds
//! an application (its migrations crate and its own three-line binary); the other
//! commands then run through that binary, which has the migrations.

fn main() -> std::process::ExitCode {
    pgbatch_cli::main(&[], "")
}
