macros::migration! {
    createTable("users", { aVeryLongColumnNameThatKeepsGoingAndGoingWellPastTheLimitOfPostgres: "text" });
}

fn main() {}
