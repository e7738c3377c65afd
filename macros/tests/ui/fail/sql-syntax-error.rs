pgbatch::migration! {
    sql("CREAT TABLE users (id int)");
    irreversible;
}

fn main() {}
