pgbatch::migration! {
    renameTypeValue("mood", "ok", "fine");
    alterRole("app", { login: true });
}

fn main() {}
