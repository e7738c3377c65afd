pgbatch::migration! {
    createTable("users", { aVeryLongColumnNameThatKeepsGoingAndGoingWellPastTheLimitOfPostgres: "text" });
}

fn main() {}
