//! The example application's migrations, checked when this crate builds.

pgbatch::embed_migrations!();
