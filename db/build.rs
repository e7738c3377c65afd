//! Embeds `db/migrations/`: one module per file and the ordered `MIGRATIONS` list.

fn main() {
    pgbatch_build::embed_migrations("migrations");
}
