pgbatch::migration! {
    sql("UPDATE users SET bio = '';\nCOMMIT;\nUPDATE users SET name = ''");
    irreversible;
}

fn main() {}
