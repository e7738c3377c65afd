fn main() {
    pgbatch_build::embed_migrations("migrations");
}
